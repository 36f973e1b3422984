# Language level and warnings shared by every target.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
if(NOT CMAKE_RUNTIME_OUTPUT_DIRECTORY)
  set(CMAKE_RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin")
endif()

add_compile_options(-Wall -Wextra -Werror -Wno-missing-field-initializers)
# GCC 12 pairs the class-specific operator new/delete of Asio's coroutine frames wrongly and
# reports -Wmismatched-new-delete on some coroutines: a known false positive of its coroutine
# lowering, not a real mismatch (ASan checks the real thing in the dev build).
add_compile_options(-Wno-mismatched-new-delete)
# Compile time is the enemy on 2 cores (TOOLCHAIN.md): Asio and Beast are compiled once,
# in platform/net/detail/asio_impl.cpp, instead of in every translation unit.
add_compile_definitions(
  BOOST_ASIO_SEPARATE_COMPILATION
  BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED
  BOOST_JSON_NO_LIB BOOST_URL_NO_LIB)
# Unity builds (the release preset, which make run uses): each target's sources are compiled
# eight to a translation unit, so the headers they share are parsed once per eight files, not
# once per file; a clean build of the server takes 171 s instead of 290 s on 2 cores. Names at
# file scope must therefore be unique within a module (one shared constant, not two copies).
# The dev preset keeps one unit per file, so each file is still checked to include what it uses.
# GCC flags a coroutine frame holding an anonymous-namespace type as -Wsubobject-linkage once
# the file is not the main file: a false alarm here, as the frame never leaves its unit.
if(CMAKE_UNITY_BUILD)
  add_compile_options(-Wno-subobject-linkage)
endif()
if(BUILD_FUZZERS)
  add_compile_options(-fsanitize=fuzzer-no-link -Wno-error)
endif()
# Debug builds are for tests: a light optimisation keeps sanitised tests quick.
set(CMAKE_CXX_FLAGS_DEBUG "-O1 -g1 -fno-omit-frame-pointer")
# -O2, not CMake's -O3: GCC 12 at -O3 raises false -Wrestrict errors inside std::string
# (GCC bug 105329) and the gain is small for this code.
set(CMAKE_CXX_FLAGS_RELEASE "-O2 -DNDEBUG")
