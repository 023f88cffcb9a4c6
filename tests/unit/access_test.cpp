#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "common/secrets.h"
#include "domain/access.h"
#include "http/router.h"

namespace crosswalk {
namespace {

using domain::Action;
using domain::Role;

const std::vector<Action> kAllActions = {Action::kRead,
                                         Action::kExport,
                                         Action::kRaiseFinding,
                                         Action::kEditControls,
                                         Action::kAddEvidence,
                                         Action::kReviewEvidence,
                                         Action::kDecideScope,
                                         Action::kManageUsers,
                                         Action::kImport,
                                         Action::kRunCollectors,
                                         Action::kManageCollectors,
                                         Action::kEditRegisters,
                                         Action::kSignOff,
                                         Action::kBackup};

TEST(Access, EachRoleMayDoExactlyItsActions) {
  const std::vector<Action>& all = kAllActions;
  const std::map<Role, std::set<Action>> expected = {
      {Role::kAdmin, {all.begin(), all.end()}},
      {Role::kManager,
       {Action::kRead, Action::kExport, Action::kRaiseFinding, Action::kEditControls,
        Action::kAddEvidence, Action::kReviewEvidence, Action::kDecideScope, Action::kImport,
        Action::kRunCollectors, Action::kEditRegisters, Action::kSignOff}},
      // Contributors attach evidence by hand, so they may push a tool's results too; running
      // collectors is for those who answer for the system, configuring them (they may run
      // commands on the server) for administrators only (DESIGN.md, security model). They keep
      // the registers, but accepting a risk or signing off an assessment is for those who answer
      // for it.
      {Role::kContributor,
       {Action::kRead, Action::kEditControls, Action::kAddEvidence, Action::kImport,
        Action::kEditRegisters}},
      // DESIGN.md: auditors read everything, export, raise findings, and change nothing else.
      {Role::kAuditor, {Action::kRead, Action::kExport, Action::kRaiseFinding}},
      {Role::kViewer, {Action::kRead}},
  };
  for (const auto& [role, allowed] : expected)
    for (Action a : all)
      EXPECT_EQ(domain::allows(role, a), allowed.count(a) > 0)
          << domain::to_string(role) << " " << domain::to_string(a);
  // Every action has its own name (the API's error messages and the route table use them).
  std::set<std::string_view> names;
  for (Action a : all) {
    EXPECT_NE(domain::to_string(a), "?");
    EXPECT_TRUE(names.insert(domain::to_string(a)).second) << domain::to_string(a);
  }
}

// An API token scoped to importing acts only on import routes, whatever its user's role, and
// never beyond what that role allows.
TEST(Access, ImportOnlyPrincipalsMayOnlyImport) {
  const std::vector<Action>& all = kAllActions;
  http::Router router;
  for (Action a : all)
    router.add({"POST", "/api/v1/" + std::string(domain::to_string(a)), a, "", [](http::Call&) {
                  return http::json_response(200, {{"ran", true}});
                }});
  for (Role role :
       {Role::kAdmin, Role::kManager, Role::kContributor, Role::kAuditor, Role::kViewer}) {
    for (bool import_only : {false, true}) {
      const http::Authenticator auth = [&](const http::Request&) {
        http::Principal p;
        p.user = "ci";
        p.role = role;
        p.import_only = import_only;
        return Result<std::optional<http::Principal>>(std::optional<http::Principal>(p));
      };
      for (Action a : all) {
        http::Request req;
        req.method = "POST";
        req.path = "/api/v1/" + std::string(domain::to_string(a));
        std::string matched, user;
        const http::Response res = router.dispatch(req, auth, &matched, &user);
        const bool expected = domain::allows(role, a) && (!import_only || a == Action::kImport);
        EXPECT_EQ(res.status, expected ? 200 : 403)
            << domain::to_string(role) << (import_only ? " import-only " : " ")
            << domain::to_string(a) << ": " << res.body;
        if (import_only && a != Action::kImport) {
          EXPECT_NE(res.body.find("may only import"), std::string::npos) << res.body;
        }
      }
    }
  }
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
