// PostgreSQL's default object names (see naming.h).
#include "parse/naming.h"

namespace schemasync::parse {
namespace {
constexpr size_t kNameDataLen = 64;

// pg_mbcliplen for UTF-8: do not cut inside a multibyte character.
size_t ClipUtf8(const std::string& s, size_t len) {
  while (len > 0 && len < s.size() && (static_cast<unsigned char>(s[len]) & 0xC0) == 0x80) --len;
  return len;
}
}  // namespace

std::string MakeObjectName(const std::string& name1, const std::string& name2, const std::string& label) {
  size_t overhead = (label.empty() ? 0 : label.size() + 1) + (name2.empty() ? 0 : 1);
  size_t avail = kNameDataLen - 1 - overhead;
  size_t n1 = name1.size(), n2 = name2.size();
  while (n1 + n2 > avail) {
    if (n1 > n2) --n1; else --n2;
  }
  n1 = ClipUtf8(name1, n1);
  n2 = ClipUtf8(name2, n2);
  std::string out = name1.substr(0, n1);
  if (!name2.empty()) out += "_" + name2.substr(0, n2);
  if (!label.empty()) out += "_" + label;
  return out;
}

std::string ChooseName(const std::string& name1, const std::string& name2, const std::string& label,
                       std::set<std::string>& taken) {
  std::string mod_label = label;
  for (int pass = 0;; ++pass) {
    std::string name = MakeObjectName(name1, name2, mod_label);
    if (!taken.count(name)) {
      taken.insert(name);
      return name;
    }
    mod_label = label + std::to_string(pass + 1);
  }
}

std::string NameAddition(const std::vector<std::string>& columns) {
  std::string buf;
  for (const auto& c : columns) {
    if (!buf.empty()) buf += "_";
    buf += c;
    if (buf.size() >= kNameDataLen) break;
  }
  return buf.substr(0, std::min(buf.size(), kNameDataLen - 1));
}

}  // namespace schemasync::parse
