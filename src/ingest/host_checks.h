// The built-in host checks, each reading configuration through a HostReader.
#pragma once

#include "ingest/host_reader.h"

namespace crosswalk::ingest {

HostCheckResult check_ssh_root_login(HostReader& reader);     // host_ssh.cpp
HostCheckResult check_ssh_password_auth(HostReader& reader);  // host_ssh.cpp
HostCheckResult check_firewall(HostReader& reader);           // host_firewall.cpp
HostCheckResult check_security_updates(HostReader& reader);   // host_system.cpp
HostCheckResult check_time_sync(HostReader& reader);          // host_system.cpp
HostCheckResult check_disk_encryption(HostReader& reader);    // host_system.cpp

}  // namespace crosswalk::ingest
