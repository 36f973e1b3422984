# VIZORA_SANITIZE="address;undefined" (dev preset) or "thread" (tsan preset).
set(VIZORA_SANITIZE "" CACHE STRING "Sanitizers to build with")
if(VIZORA_SANITIZE)
  list(JOIN VIZORA_SANITIZE "," _sanitizers)
  add_compile_options(-fsanitize=${_sanitizers} -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=${_sanitizers})
endif()
