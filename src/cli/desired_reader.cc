// The desired files read beside the catalog (see desired_reader.h).
#include "cli/desired_reader.h"

#include <optional>

#include "schemasync/parse.h"
#include "util/threads.h"

namespace schemasync {

struct DesiredReader::State {
  std::string path;
  std::optional<Result<DesiredRead>> result;
  std::unique_ptr<util::BigStackThread> thread;
};

DesiredReader::DesiredReader(std::string path) : state_(std::make_unique<State>()) {
  state_->path = std::move(path);
  State* s = state_.get();
  s->thread = std::make_unique<util::BigStackThread>([s] { s->result.emplace(ReadDesired(s->path)); });
}

DesiredReader::~DesiredReader() = default;  // the thread joins

Result<Schema> DesiredReader::Wait() {
  state_->thread->Join();
  if (!state_->result) state_->result.emplace(ReadDesired(state_->path));  // no thread started
  Result<DesiredRead> read = std::move(*state_->result);
  state_->result.reset();
  if (!read.ok()) return read.error();
  // Joined: the PL/pgSQL check may fork now (see PendingBodyChecks).
  TRY(read->bodies.Run());
  return std::move(read->schema);
}

}  // namespace schemasync
