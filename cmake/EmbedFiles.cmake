# Compiles data files into the binary, so the server and `crosswalk init` need no data directory
# at run time. Call from the directory of the target that compiles the output (a custom command's
# output is only known in its own directory).
#   crosswalk_embed_files(OUT_VAR NAME ROOT HEADER NAMESPACE GLOB...)
# writes generated/NAME.cpp defining `NAMESPACE::embedded_files()` as declared in HEADER, one
# entry per file under ROOT matching a GLOB (paths relative to ROOT).
function(crosswalk_embed_files out_var name root header namespace)
  set(globs "")
  foreach(g IN LISTS ARGN)
    list(APPEND globs "${root}/${g}")
  endforeach()
  file(GLOB_RECURSE files CONFIGURE_DEPENDS ${globs})
  set(out "${PROJECT_BINARY_DIR}/generated/${name}.cpp")
  string(REPLACE ";" "|" patterns "${ARGN}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND "${CMAKE_COMMAND}" "-DROOT=${root}" "-DOUT=${out}" "-DPATTERNS=${patterns}"
            "-DHEADER=${header}" "-DNAMESPACE=${namespace}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake"
    DEPENDS ${files} "${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake"
    COMMENT "Embedding ${name}"
    VERBATIM)
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
