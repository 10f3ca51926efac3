// Vigil's Linux sensor: process (fork, exec, exit) and TCP/UDP socket events into one ring buffer.
// CO-RE: built against the build machine's vmlinux.h (bpftool btf dump), relocated by libbpf on load.
// The record layout is mirrored by Sensor/Native/SensorRecord.cs; change both together.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

#define KIND_FORK 1
#define KIND_EXEC 2
#define KIND_EXIT 3
#define KIND_CONNECT 4
#define KIND_ACCEPT 5
#define KIND_CLOSE 6
#define KIND_UDP_SEND 7

#define ARGS_MAX 1024
#define PATH_MAX_LEN 256
#define AF_INET 2
#define AF_INET6 10
#define TCP_SYN_SENT 2
#define TCP_LISTEN 10
#define TCP_CLOSE 7

// Common head of every record.
struct record {
    u32 kind;
    u32 pid;         // tgid of the acting process (fork: the child)
    u32 ppid;        // fork: the forking process; exec: the real parent
    u32 uid;
    u32 gid;
    u32 pgid;
    u32 sid;
    u32 tty;         // 1 when the process has a controlling terminal
    s32 exit_code;
    u32 args_len;    // exec: bytes of args read
    u64 time_ns;     // CLOCK_BOOTTIME
    u64 start_ns;    // process start, CLOCK_BOOTTIME (task->start_boottime)
    u16 family;
    u16 sport;       // host order
    u16 dport;       // host order
    u8 protocol;     // 6 tcp, 17 udp
    u8 direction;    // 1 egress, 2 ingress
    u8 saddr[16];
    u8 daddr[16];
    u64 bytes_sent;
    u64 bytes_received;
    char comm[16];
};

struct exec_record {
    struct record head;
    char filename[PATH_MAX_LEN];
    char args[ARGS_MAX];
};

// The agent sets the size before load (--ring-buffer); this is only the size the object is compiled with.
struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4 * 1024 * 1024);
} events SEC(".maps");

// Records the ring buffer had no room for: counted per CPU, read by the agent, never lost silently.
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, u32);
    __type(value, u64);
} dropped SEC(".maps");

// TCP sockets this sensor saw open, with their direction, so the close knows it.
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 65536);
    __type(key, u64);
    __type(value, u8);
} tcp_direction SEC(".maps");

// UDP sockets that already sent once (the first send is the connection attempt).
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 65536);
    __type(key, u64);
    __type(value, u8);
} udp_seen SEC(".maps");

// Waking the agent for every record costs a context switch each: it is woken only once a batch waits (it also
// polls every 50 ms, so a quiet host's events wait at most that long).
#define WAKEUP_BYTES (256 * 1024)

static __always_inline u64 wakeup_flags(void)
{
    return bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= WAKEUP_BYTES ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

static __always_inline void count_drop(void)
{
    u32 zero = 0;
    u64 *n = bpf_map_lookup_elem(&dropped, &zero);
    if (n)
        __sync_fetch_and_add(n, 1);
}

static __always_inline void fill_task(struct record *r, struct task_struct *task)
{
    r->pid = BPF_CORE_READ(task, tgid);
    r->ppid = BPF_CORE_READ(task, real_parent, tgid);
    r->uid = BPF_CORE_READ(task, cred, uid.val);
    r->gid = BPF_CORE_READ(task, cred, gid.val);
    struct signal_struct *signal = BPF_CORE_READ(task, signal);
    r->pgid = BPF_CORE_READ(signal, pids[PIDTYPE_PGID], numbers[0].nr);
    r->sid = BPF_CORE_READ(signal, pids[PIDTYPE_SID], numbers[0].nr);
    r->tty = BPF_CORE_READ(signal, tty) != NULL;
    r->start_ns = BPF_CORE_READ(task, group_leader, start_boottime);
    r->time_ns = bpf_ktime_get_boot_ns();
    BPF_CORE_READ_STR_INTO(&r->comm, task, group_leader, comm);
}

static __always_inline struct record *reserve(u32 kind)
{
    struct record *r = bpf_ringbuf_reserve(&events, sizeof(struct record), 0);
    if (!r) {
        count_drop();
        return NULL;
    }
    __builtin_memset(r, 0, sizeof(*r));
    r->kind = kind;
    return r;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(on_fork, struct task_struct *parent, struct task_struct *child)
{
    if (BPF_CORE_READ(child, pid) != BPF_CORE_READ(child, tgid))
        return 0; // a new thread, not a new process
    struct record *r = reserve(KIND_FORK);
    if (!r)
        return 0;
    fill_task(r, child);
    r->ppid = BPF_CORE_READ(parent, tgid);
    bpf_ringbuf_submit(r, wakeup_flags());
    return 0;
}

SEC("tracepoint/sched/sched_process_exec")
int on_exec(struct trace_event_raw_sched_process_exec *ctx)
{
    struct exec_record *r = bpf_ringbuf_reserve(&events, sizeof(struct exec_record), 0);
    if (!r) {
        count_drop();
        return 0;
    }
    struct task_struct *task = (struct task_struct *)bpf_get_current_task_btf();
    __builtin_memset(&r->head, 0, sizeof(r->head));
    r->head.kind = KIND_EXEC;
    fill_task(&r->head, task);
    unsigned int offset = ctx->__data_loc_filename & 0xFFFF;
    bpf_probe_read_kernel_str(r->filename, sizeof(r->filename), (void *)ctx + offset);
    struct mm_struct *mm = BPF_CORE_READ(task, mm);
    unsigned long start = BPF_CORE_READ(mm, arg_start);
    unsigned long end = BPF_CORE_READ(mm, arg_end);
    unsigned long len = end - start;
    if (len > ARGS_MAX - 1)
        len = ARGS_MAX - 1;
    len &= ARGS_MAX - 1; // a bound the verifier can see
    if (bpf_probe_read_user(r->args, len, (void *)start) == 0)
        r->head.args_len = len;
    bpf_ringbuf_submit(r, wakeup_flags());
    return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_exit, struct task_struct *task)
{
    if (BPF_CORE_READ(task, signal, live.counter) != 0)
        return 0; // other threads of the process still run
    struct record *r = reserve(KIND_EXIT);
    if (!r)
        return 0;
    fill_task(r, task);
    r->exit_code = BPF_CORE_READ(task, exit_code) >> 8;
    bpf_ringbuf_submit(r, wakeup_flags());
    return 0;
}

static __always_inline void fill_current(struct record *r)
{
    fill_task(r, (struct task_struct *)bpf_get_current_task_btf());
}

// Local side into s*, remote side into d* (the user-space side turns them into source/destination).
static __always_inline void fill_sock(struct record *r, struct sock *sk)
{
    u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
    r->family = family;
    r->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
    r->dport = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
    if (family == AF_INET) {
        // Explicit sizes: BPF_CORE_READ_INTO would read sizeof(*dst), one byte of a byte array.
        bpf_core_read(r->saddr, 4, &sk->__sk_common.skc_rcv_saddr);
        bpf_core_read(r->daddr, 4, &sk->__sk_common.skc_daddr);
    } else {
        bpf_core_read(r->saddr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
        bpf_core_read(r->daddr, 16, &sk->__sk_common.skc_v6_daddr);
    }
}

// Kernels built without kprobes or ftrace (this sensor's reference machine is one) still have tracepoints: every
// network hook below is a tracepoint. Connect and close come from TCP state changes made in the closing or
// connecting process's context; accept from the accept syscalls' return (the new socket found through its fd).
#define TCP_ESTABLISHED 1
#define TCP_FIN_WAIT1 4
#define TCP_CLOSE_WAIT 8
#define TCP_LAST_ACK 9

static __always_inline int tcp_family_ok(struct sock *sk)
{
    if (BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
        return 0;
    u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
    return family == AF_INET || family == AF_INET6;
}

static __always_inline void emit_tcp(struct sock *sk, u32 kind, u8 direction, int with_bytes)
{
    struct record *r = reserve(kind);
    if (!r)
        return;
    fill_current(r);
    fill_sock(r, sk);
    r->protocol = IPPROTO_TCP;
    r->direction = direction;
    if (with_bytes) {
        struct tcp_sock *tp = (struct tcp_sock *)sk;
        r->bytes_sent = BPF_CORE_READ(tp, bytes_sent);
        r->bytes_received = BPF_CORE_READ(tp, bytes_received);
    }
    bpf_ringbuf_submit(r, wakeup_flags());
}

struct pending_connect {
    u64 sk;
    struct record record;
};

// A TCP connect seen at SYN_SENT, per thread, until its connect() returns.
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 16384);
    __type(key, u32);
    __type(value, struct pending_connect);
} connecting SEC(".maps");

SEC("tracepoint/syscalls/sys_exit_connect")
int on_connect_return(struct trace_event_raw_sys_exit *ctx)
{
    u32 tid = (u32)bpf_get_current_pid_tgid();
    struct pending_connect *pending = bpf_map_lookup_elem(&connecting, &tid);
    if (!pending)
        return 0;
    struct record *r = bpf_ringbuf_reserve(&events, sizeof(struct record), 0);
    if (!r) {
        count_drop();
        bpf_map_delete_elem(&connecting, &tid);
        return 0;
    }
    __builtin_memcpy(r, &pending->record, sizeof(*r));
    struct sock *sk = (struct sock *)pending->sk;
    u16 port = BPF_CORE_READ(sk, __sk_common.skc_num);
    if (port)
        r->sport = port; // zero again when the connect already failed (the port went back)
    bpf_ringbuf_submit(r, wakeup_flags());
    bpf_map_delete_elem(&connecting, &tid);
    return 0;
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_tcp_state, struct sock *sk, int oldstate, int newstate)
{
    if (!tcp_family_ok(sk))
        return 0;
    u64 key = (u64)sk;
    if (newstate == TCP_SYN_SENT) {
        // The local port is bound only after this state change: the record waits for connect() to return.
        u8 egress = 1;
        bpf_map_update_elem(&tcp_direction, &key, &egress, BPF_ANY);
        u32 tid = (u32)bpf_get_current_pid_tgid();
        struct pending_connect pending = { .sk = (u64)sk };
        __builtin_memset(&pending.record, 0, sizeof(pending.record));
        pending.record.kind = KIND_CONNECT;
        fill_current(&pending.record);
        fill_sock(&pending.record, sk);
        pending.record.protocol = IPPROTO_TCP;
        pending.record.direction = 1;
        bpf_map_update_elem(&connecting, &tid, &pending, BPF_ANY);
        return 0;
    }
    // The local close of an open connection: close() or the exit that releases the last descriptor.
    if ((oldstate == TCP_ESTABLISHED && newstate == TCP_FIN_WAIT1) || (oldstate == TCP_CLOSE_WAIT && newstate == TCP_LAST_ACK)) {
        u8 *direction = bpf_map_lookup_elem(&tcp_direction, &key);
        u8 dir = direction ? *direction : 1;
        bpf_map_delete_elem(&tcp_direction, &key);
        emit_tcp(sk, KIND_CLOSE, dir, 1);
    }
    return 0;
}

static __always_inline struct sock *sock_of_fd(long fd)
{
    if (fd < 0)
        return NULL;
    struct task_struct *task = (struct task_struct *)bpf_get_current_task_btf();
    struct file **fds = BPF_CORE_READ(task, files, fdt, fd);
    unsigned int max = BPF_CORE_READ(task, files, fdt, max_fds);
    if ((unsigned long)fd >= max)
        return NULL;
    struct file *file = NULL;
    bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]);
    if (!file)
        return NULL;
    struct socket *socket = BPF_CORE_READ(file, private_data);
    if (!socket)
        return NULL;
    return BPF_CORE_READ(socket, sk);
}

static __always_inline int on_accept_return(long fd)
{
    struct sock *sk = sock_of_fd(fd);
    if (!sk || !tcp_family_ok(sk))
        return 0;
    u64 key = (u64)sk;
    u8 ingress = 2;
    bpf_map_update_elem(&tcp_direction, &key, &ingress, BPF_ANY);
    emit_tcp(sk, KIND_ACCEPT, 2, 0);
    return 0;
}

SEC("tracepoint/syscalls/sys_exit_accept4")
int on_accept4(struct trace_event_raw_sys_exit *ctx)
{
    return on_accept_return(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_accept")
int on_accept(struct trace_event_raw_sys_exit *ctx)
{
    return on_accept_return(ctx->ret);
}

// UDP: the first send on a socket is its connection attempt. An unconnected socket's destination is the
// sendto/sendmsg address, remembered per thread at syscall entry and read when the send happens.
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 16384);
    __type(key, u32);
    __type(value, u64);
} send_address SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_sendto")
int on_sendto(struct trace_event_raw_sys_enter *ctx)
{
    u32 tid = (u32)bpf_get_current_pid_tgid();
    u64 address = ctx->args[4];
    bpf_map_update_elem(&send_address, &tid, &address, BPF_ANY);
    return 0;
}

SEC("tracepoint/syscalls/sys_enter_sendmsg")
int on_sendmsg(struct trace_event_raw_sys_enter *ctx)
{
    u32 tid = (u32)bpf_get_current_pid_tgid();
    struct user_msghdr msg = {};
    bpf_probe_read_user(&msg, sizeof(msg), (void *)ctx->args[1]);
    u64 address = (u64)msg.msg_name;
    bpf_map_update_elem(&send_address, &tid, &address, BPF_ANY);
    return 0;
}

SEC("tp_btf/sock_send_length")
int BPF_PROG(on_send, struct sock *sk, int ret, int flags)
{
    if (BPF_CORE_READ(sk, sk_protocol) != IPPROTO_UDP)
        return 0;
    u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
    if (family != AF_INET && family != AF_INET6)
        return 0;
    u32 tid = (u32)bpf_get_current_pid_tgid();
    u64 *pending = bpf_map_lookup_elem(&send_address, &tid);
    u64 address = pending ? *pending : 0;
    if (pending)
        bpf_map_delete_elem(&send_address, &tid);
    // Keyed by the socket's inode number: unique among live sockets, never reused by a later one.
    u64 key = BPF_CORE_READ(sk, sk_socket, file, f_inode, i_ino);
    if (bpf_map_lookup_elem(&udp_seen, &key))
        return 0;
    u8 one = 1;
    bpf_map_update_elem(&udp_seen, &key, &one, BPF_ANY);
    struct record *r = reserve(KIND_UDP_SEND);
    if (!r)
        return 0;
    fill_current(r);
    fill_sock(r, sk);
    r->protocol = IPPROTO_UDP;
    r->direction = 1;
    if (address) {
        u16 to_family = 0;
        bpf_probe_read_user(&to_family, sizeof(to_family), (void *)address);
        if (to_family == AF_INET) {
            struct sockaddr_in sin = {};
            bpf_probe_read_user(&sin, sizeof(sin), (void *)address);
            r->dport = __builtin_bswap16(sin.sin_port);
            __builtin_memset(r->daddr, 0, 16);
            __builtin_memcpy(r->daddr, &sin.sin_addr.s_addr, 4);
            if (family == AF_INET6) {
                // An IPv4 destination on an IPv6 socket: written as the mapped address the user side unwraps.
                r->daddr[10] = 0xff;
                r->daddr[11] = 0xff;
                __builtin_memcpy(&r->daddr[12], &sin.sin_addr.s_addr, 4);
                __builtin_memset(r->daddr, 0, 4);
            }
        } else if (to_family == AF_INET6) {
            struct sockaddr_in6 sin6 = {};
            bpf_probe_read_user(&sin6, sizeof(sin6), (void *)address);
            r->dport = __builtin_bswap16(sin6.sin6_port);
            __builtin_memcpy(r->daddr, &sin6.sin6_addr.in6_u.u6_addr8, 16);
        }
    }
    bpf_ringbuf_submit(r, wakeup_flags());
    return 0;
}
