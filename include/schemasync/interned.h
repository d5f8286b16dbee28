// Interned text: an immutable string held once per distinct content for the whole process, and
// handed around as one pointer. The model's expressions are this: the same CHECK, default or
// policy text on 10,000 tables is one string, an Expr is 16 bytes instead of 64 plus two heap
// blocks, copying one copies two pointers, and equal texts compare by address.
// It reads as a const std::string (the conversion and the usual string operations).
#pragma once

#include <compare>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace schemasync {

class Interned {
 public:
  Interned() = default;
  Interned(std::string_view s);  // NOLINT: implicit, like the string it holds
  Interned(const std::string& s) : Interned(std::string_view(s)) {}  // NOLINT
  Interned(const char* s) : Interned(std::string_view(s)) {}          // NOLINT

  const std::string& str() const { return p_ ? *p_ : Empty(); }
  operator const std::string&() const { return str(); }  // NOLINT: reads as the string
  operator std::string_view() const { return str(); }    // NOLINT

  bool empty() const { return p_ == nullptr; }
  void clear() { p_ = nullptr; }
  size_t size() const { return str().size(); }
  const char* c_str() const { return str().c_str(); }
  const char* data() const { return str().data(); }
  char operator[](size_t i) const { return str()[i]; }
  char front() const { return str().front(); }
  char back() const { return str().back(); }
  std::string::const_iterator begin() const { return str().begin(); }
  std::string::const_iterator end() const { return str().end(); }
  size_t find(std::string_view s, size_t pos = 0) const { return str().find(s, pos); }
  size_t find(char c, size_t pos = 0) const { return str().find(c, pos); }
  size_t rfind(std::string_view s, size_t pos = std::string::npos) const { return str().rfind(s, pos); }
  std::string substr(size_t pos, size_t n = std::string::npos) const { return str().substr(pos, n); }
  int compare(size_t pos, size_t n, std::string_view s) const { return str().compare(pos, n, s); }
  bool starts_with(std::string_view s) const { return str().starts_with(s); }
  bool ends_with(std::string_view s) const { return str().ends_with(s); }
  Interned& operator+=(std::string_view s) { return *this = str() + std::string(s); }

  // One content, one address: equality is a pointer comparison.
  friend bool operator==(const Interned& a, const Interned& b) { return a.p_ == b.p_; }
  friend bool operator==(const Interned& a, std::string_view b) { return std::string_view(a.str()) == b; }
  friend bool operator==(const Interned& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const Interned& a, const char* b) { return a.str() == b; }
  friend std::strong_ordering operator<=>(const Interned& a, const Interned& b) {
    if (a.p_ == b.p_) return std::strong_ordering::equal;
    return a.str().compare(b.str()) <=> 0;
  }
  friend std::string operator+(const Interned& a, const Interned& b) { return a.str() + b.str(); }
  friend std::string operator+(const Interned& a, const std::string& b) { return a.str() + b; }
  friend std::string operator+(const std::string& a, const Interned& b) { return a + b.str(); }
  friend std::string operator+(const Interned& a, const char* b) { return a.str() + b; }
  friend std::string operator+(const char* a, const Interned& b) { return a + b.str(); }
  friend std::string operator+(const Interned& a, char b) { return a.str() + b; }
  friend std::string operator+(char a, const Interned& b) { return a + b.str(); }
  friend std::ostream& operator<<(std::ostream& o, const Interned& s) { return o << s.str(); }

 private:
  static const std::string& Empty();
  const std::string* p_ = nullptr;  // into the process's pool (interned.cc); null: ""
};

}  // namespace schemasync
