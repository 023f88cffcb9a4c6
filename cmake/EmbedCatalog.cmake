# Embeds every catalog/*.json file into the binary, so `crosswalk init` needs no catalog
# directory at run time. Call from the directory of the target that compiles the output
# (a custom command's output is only known in its own directory).
function(crosswalk_embed_catalog out_var)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/catalog/*.json")
  set(out "${PROJECT_BINARY_DIR}/generated/embedded_catalog.cpp")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND "${CMAKE_COMMAND}" -DROOT=${PROJECT_SOURCE_DIR}/catalog -DOUT=${out}
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_catalog_script.cmake"
    DEPENDS ${files} "${PROJECT_SOURCE_DIR}/cmake/embed_catalog_script.cmake"
    COMMENT "Embedding catalog data")
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
