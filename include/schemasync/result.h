// Errors as values: Result<T> holds either a T or an Error naming what went wrong and where.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace schemasync {

enum class ErrorKind {
  kSyntax, kUnsupported, kCatalog, kConnect, kApply, kIo, kUsage, kPlan,
  kPartialApply,  // apply failed after some steps were committed (the message lists them)
};

struct Error {
  ErrorKind kind = ErrorKind::kUsage;
  std::string message;  // names the place: file:line:col, the step, the object
  std::string sqlstate;  // the server's SQLSTATE, for errors that came from it ("" otherwise)
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT
  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<Error>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status Ok() { return Unit{}; }

inline Error MakeError(ErrorKind kind, std::string message) { return Error{kind, std::move(message), {}}; }

}  // namespace schemasync

// TRY(x): evaluate a Result/Status, return its Error from the enclosing function on failure.
// TRY_ASSIGN(lhs, x): the same, assigning the value to an existing lvalue on success.
#define TRY_ASSIGN(lhs, expr)                          \
  do {                                                 \
    auto try_tmp_ = (expr);                            \
    if (!try_tmp_.ok()) return try_tmp_.error();       \
    lhs = std::move(try_tmp_.value());                 \
  } while (0)
#define TRY(expr)                                      \
  do {                                                 \
    auto try_status_ = (expr);                         \
    if (!try_status_.ok()) return try_status_.error(); \
  } while (0)
