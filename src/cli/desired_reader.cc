// The desired files read beside the catalog (see desired_reader.h).
#include "cli/desired_reader.h"

#include <pthread.h>

#include <optional>

#include "schemasync/parse.h"

namespace schemasync {

struct DesiredReader::State {
  std::string path;
  std::optional<Result<DesiredRead>> result;
  pthread_t thread{};
  bool running = false;
};

namespace {

void* Read(void* p) {
  auto* s = static_cast<DesiredReader::State*>(p);
  s->result.emplace(ReadDesired(s->path));
  return nullptr;
}

}  // namespace

DesiredReader::DesiredReader(std::string path) : state_(std::make_unique<State>()) {
  state_->path = std::move(path);
  // The same 1 GiB of reserved stack as the CLI's own thread (main.cc): parse trees are walked
  // recursively, one level per operator of a chained expression.
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return;
  if (pthread_attr_setstacksize(&attr, size_t{1} << 30) == 0) {
    state_->running = pthread_create(&state_->thread, &attr, Read, state_.get()) == 0;
  }
  pthread_attr_destroy(&attr);
}

DesiredReader::~DesiredReader() {
  if (state_->running) pthread_join(state_->thread, nullptr);
}

Result<Schema> DesiredReader::Wait() {
  if (state_->running) {
    pthread_join(state_->thread, nullptr);
    state_->running = false;
  }
  if (!state_->result) state_->result.emplace(ReadDesired(state_->path));
  Result<DesiredRead> read = std::move(*state_->result);
  state_->result.reset();
  if (!read.ok()) return read.error();
  // Joined: the PL/pgSQL check may fork now (see PendingBodyChecks).
  TRY(read->bodies.Run());
  return std::move(read->schema);
}

}  // namespace schemasync
