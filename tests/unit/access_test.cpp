#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "common/secrets.h"
#include "domain/access.h"

namespace crosswalk {
namespace {

using domain::Action;
using domain::Role;

TEST(Access, EachRoleMayDoExactlyItsActions) {
  const std::vector<Action> all = {
      Action::kRead,        Action::kExport,         Action::kRaiseFinding, Action::kEditControls,
      Action::kAddEvidence, Action::kReviewEvidence, Action::kDecideScope,  Action::kManageUsers};
  const std::map<Role, std::set<Action>> expected = {
      {Role::kAdmin, {all.begin(), all.end()}},
      {Role::kManager,
       {Action::kRead, Action::kExport, Action::kRaiseFinding, Action::kEditControls,
        Action::kAddEvidence, Action::kReviewEvidence, Action::kDecideScope}},
      {Role::kContributor, {Action::kRead, Action::kEditControls, Action::kAddEvidence}},
      // DESIGN.md: auditors read everything, export, raise findings, and change nothing else.
      {Role::kAuditor, {Action::kRead, Action::kExport, Action::kRaiseFinding}},
      {Role::kViewer, {Action::kRead}},
  };
  for (const auto& [role, allowed] : expected)
    for (Action a : all)
      EXPECT_EQ(domain::allows(role, a), allowed.count(a) > 0)
          << domain::to_string(role) << " " << domain::to_string(a);
}

TEST(Access, RolesParseByName) {
  for (const char* name : {"admin", "manager", "contributor", "auditor", "viewer"})
    EXPECT_EQ(domain::to_string(*domain::parse_role(name)), name);
  EXPECT_FALSE(domain::parse_role("root"));
  EXPECT_FALSE(domain::parse_role("Admin"));
}

TEST(Secrets, PasswordsAreHashedWithArgon2idAndVerified) {
  auto hash = hash_password("correct horse battery staple");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << hash.value();
  EXPECT_TRUE(verify_password(hash.value(), "correct horse battery staple"));
  EXPECT_FALSE(verify_password(hash.value(), "correct horse battery stapler"));
  EXPECT_NE(hash.value(), hash_password("correct horse battery staple").value());  // salted
}

TEST(Secrets, ApiTokensAreLongRandomAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string t = new_api_token();
    EXPECT_TRUE(std::regex_match(t, std::regex("cwt_[A-Za-z0-9_-]{43}"))) << t;
    EXPECT_TRUE(seen.insert(t).second);
  }
}

}  // namespace
}  // namespace crosswalk
