# SANITIZE="address;undefined" (dev preset) or "thread" (tsan preset).
set(SANITIZE "" CACHE STRING "Sanitizers to build with")
if(SANITIZE)
  list(JOIN SANITIZE "," _sanitizers)
  add_compile_options(-fsanitize=${_sanitizers})
  add_link_options(-fsanitize=${_sanitizers})
  if("undefined" IN_LIST SANITIZE)
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
  if("thread" IN_LIST SANITIZE)
    # Asio uses atomic_thread_fence, which GCC warns TSan cannot model (-Wtsan).
    add_compile_options(-Wno-tsan)
  endif()
endif()
