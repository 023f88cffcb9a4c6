// OSCAL identifiers: tokens, the encoding of references OSCAL does not allow, and UUIDs.
#pragma once

#include <string>
#include <string_view>

namespace crosswalk::oscal {

// An OSCAL token: a letter or '_' first, then letters, digits, '.', '-' or '_'. Bytes above
// 0x7F count as letters (OSCAL's \p{L}; the UTF-8 itself is checked where text is read).
bool is_token(std::string_view s);

// A requirement reference as an OSCAL id. References that are tokens stay as they are; any other
// ("4.1", "6.1.2", "A 5") becomes '_' followed by the reference with every byte outside
// [A-Za-z0-9.-] written as _XX (hex): "4.1" is "_4.1", "A 5" is "_A_205". A token that is such
// an escape of something else ("_4.1" as a reference itself) is escaped too ("__5F4.1").
std::string encode_id(std::string_view ref);
// The inverse of encode_id: decode_id(encode_id(r)) == r, and encode_id(decode_id(id)) == id for
// every token, so a foreign catalog's "_x" stays "_x".
std::string decode_id(std::string_view id);

// A name-based (version 5, SHA-1) UUID in Crosswalk's namespace: exports are reproducible, and
// the same object keeps its UUID from one export to the next.
std::string uuid_v5(std::string_view name);
// A version 4 or 5 UUID, the only versions OSCAL's schemas accept.
bool is_uuid(std::string_view s);

}  // namespace crosswalk::oscal
