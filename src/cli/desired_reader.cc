// The desired files read beside the catalog (see desired_reader.h).
#include "cli/desired_reader.h"

#include <optional>

#include "schemasync/parse.h"
#include "util/threads.h"

namespace schemasync {

struct DesiredReader::State {
  explicit State(std::string path) : files(std::move(path)) {}
  DesiredFiles files;
  std::optional<Result<DesiredRead>> result;
  std::unique_ptr<util::BigStackThread> thread;
};

DesiredReader::DesiredReader(std::string path, std::function<void(Schema&)> then)
    : state_(std::make_unique<State>(std::move(path))) {
  State* s = state_.get();
  s->thread = std::make_unique<util::BigStackThread>([s, then = std::move(then)] {
    s->result.emplace(s->files.Build());
    if (then && s->result->ok()) then(s->result->value().schema);
  });
}

DesiredReader::~DesiredReader() = default;  // the thread joins

Result<Schema> DesiredReader::Wait() {
  // The caller's own work is done: it parses the files the reader has not taken yet (on a
  // 2-core machine whose server answered quickly, that halves the wait), then the reader builds.
  if (state_->thread->started()) state_->files.Parse();
  state_->thread->Join();
  if (!state_->result) state_->result.emplace(state_->files.Build());  // no thread started
  Result<DesiredRead> read = std::move(*state_->result);
  state_->result.reset();
  return Checked(std::move(read));  // joined: the PL/pgSQL check may fork now (PendingBodyChecks)
}

}  // namespace schemasync
