// The command-line interface (../shared/CONTRACT.md): plan, apply, drift.
#pragma once

namespace schemasync {

// Parses arguments, runs the command, maps errors to exit codes (0 ok, 1 error,
// 2 drift found, 3 destructive plan without --allow-destructive).
int RunCli(int argc, char** argv);

}  // namespace schemasync
