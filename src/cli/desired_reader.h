// Reads the desired files on a thread of its own while the caller connects and reads the
// catalog. The two take about as long at every size (parsing 10,000 tables' SQL and the server
// answering for them), so a run takes the longer of the two instead of their sum.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "schemasync/model.h"
#include "schemasync/parse.h"
#include "schemasync/result.h"

namespace schemasync {

class DesiredReader {
 public:
  // Starts reading `path` (DesiredFiles). Falls back to reading it in Wait() on this thread when
  // no thread can be started.
  // `then`, when given, runs on the reading thread with the schema read, before Wait() returns
  // it: work that needs the desired schema but not the catalog, done while the caller still
  // reads the catalog.
  explicit DesiredReader(std::string path, std::function<void(Schema&)> then = {});
  ~DesiredReader();  // waits for the thread
  DesiredReader(const DesiredReader&) = delete;
  DesiredReader& operator=(const DesiredReader&) = delete;

  // The desired schema, or the reader's error; once. The PL/pgSQL bodies are checked here,
  // after the join: their check forks, which the reading thread must not do while the caller's
  // thread works (a lock held at the fork hangs the child).
  Result<Schema> Wait();

  struct State;  // opaque: the thread's input and result

 private:
  std::unique_ptr<State> state_;
};

}  // namespace schemasync
