;; The floor with the fewest callbacks Envoy will call: the ABI marker, the allocator and the two header callbacks.
;; Beside noop.wat (every HTTP callback the SDK exports) it prices the callbacks a filter exports but never uses.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (func (export "proxy_abi_version_0_2_1"))
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $next))
    (global.set $next (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size)) (i32.const 15)) (i32.const -16)))
    (if (i32.gt_u (global.get $next) (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.lt_s
              (memory.grow (i32.shr_u (i32.sub (i32.add (global.get $next) (i32.const 65535)) (i32.shl (memory.size) (i32.const 16))) (i32.const 16)))
              (i32.const 0))
          (then (return (i32.const 0))))))
    (local.get $ptr))
  (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) (i32.const 0))
  (func (export "proxy_on_response_headers") (param i32 i32 i32) (result i32) (i32.const 0)))
