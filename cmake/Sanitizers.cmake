# VIZORA_SANITIZE="address;undefined" (dev preset) or "thread" (tsan preset).
set(VIZORA_SANITIZE "" CACHE STRING "Sanitizers to build with")
if(VIZORA_SANITIZE)
  list(JOIN VIZORA_SANITIZE "," _sanitizers)
  add_compile_options(-fsanitize=${_sanitizers})
  add_link_options(-fsanitize=${_sanitizers})
  if("undefined" IN_LIST VIZORA_SANITIZE)
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
  if("thread" IN_LIST VIZORA_SANITIZE)
    # Asio uses atomic_thread_fence, which GCC warns TSan cannot model (-Wtsan).
    add_compile_options(-Wno-tsan)
  endif()
endif()
