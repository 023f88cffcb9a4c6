// The OpenAPI 3 description of the routes, generated from the route table itself so that the
// document and the server cannot drift apart.
#pragma once

#include <nlohmann/json.hpp>

#include "http/router.h"

namespace crosswalk::http {

nlohmann::ordered_json openapi_document(const Router& router);

}  // namespace crosswalk::http
