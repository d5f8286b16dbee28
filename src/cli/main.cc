// schemasync entry point.
#include "cli/cli.h"

int main(int argc, char** argv) { return schemasync::RunCli(argc, argv); }
