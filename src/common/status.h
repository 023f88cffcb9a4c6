// Error reporting without exceptions across layers (after LevelDB's Status).
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace crosswalk {

class Status {
 public:
  enum class Code {
    kOk,
    kInvalidInput,  // bad user input or catalog data; nothing was changed
    kNotFound,
    kConflict,          // the change clashes with existing data or a concurrent edit
    kIoError,           // file system or database trouble
    kCorruption,        // stored data fails an integrity check (journal, vault)
    kBusy,              // another process holds the database
    kUnavailable,       // the database server cannot be reached; nothing was changed, try again
    kPermissionDenied,  // the user's role does not allow this part of the change
  };

  Status() = default;
  static Status Ok() { return {}; }
  static Status InvalidInput(std::string m) { return {Code::kInvalidInput, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status Conflict(std::string m) { return {Code::kConflict, std::move(m)}; }
  static Status IoError(std::string m) { return {Code::kIoError, std::move(m)}; }
  static Status Corruption(std::string m) { return {Code::kCorruption, std::move(m)}; }
  static Status Busy(std::string m) { return {Code::kBusy, std::move(m)}; }
  static Status Unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
  static Status PermissionDenied(std::string m) { return {Code::kPermissionDenied, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // Prefixes the message with where the problem is ("file.json: ").
  Status with_context(const std::string& where) const {
    return ok() ? *this : Status(code_, where + ": " + message_);
  }
  // The same failure said otherwise.
  Status with_message(std::string message) const {
    return ok() ? *this : Status(code_, std::move(message));
  }

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status saying why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace crosswalk

#define CW_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::crosswalk::Status cw_status_ = (expr); \
    if (!cw_status_.ok()) return cw_status_; \
  } while (0)
