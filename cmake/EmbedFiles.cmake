# embed_files(TARGET out.cpp NAMESPACE ns FUNCTION fn FILES a.sql b.sql)
# Generates a .cpp defining `std::vector<EmbeddedFile> ns::fn()` with each file's name and
# text, so the binary carries its migrations and needs no files beside it at run time.
set(_EMBED_FILES_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/embed_files_script.cmake")

function(embed_files out_cpp)
  cmake_parse_arguments(ARG "" "NAMESPACE;FUNCTION" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT "${out_cpp}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out_cpp} -DNAMESPACE=${ARG_NAMESPACE}
            -DFUNCTION=${ARG_FUNCTION} "-DFILES=${ARG_FILES}" -P "${_EMBED_FILES_SCRIPT}"
    DEPENDS ${ARG_FILES} "${_EMBED_FILES_SCRIPT}"
    COMMENT "Embedding ${ARG_FUNCTION}"
    VERBATIM)
endfunction()
