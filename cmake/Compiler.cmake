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
# Debug builds are for tests: a light optimisation keeps sanitised tests quick.
set(CMAKE_CXX_FLAGS_DEBUG "-O1 -g1 -fno-omit-frame-pointer")
# -O2, not CMake's -O3: GCC 12 at -O3 raises false -Wrestrict errors inside std::string
# (GCC bug 105329) and the gain is small for this code.
set(CMAKE_CXX_FLAGS_RELEASE "-O2 -DNDEBUG")
