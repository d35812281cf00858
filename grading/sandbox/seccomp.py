"""The seccomp deny-list every sandboxed program runs under, compiled to BPF with pyseccomp
(libseccomp) and handed to bubblewrap (`--seccomp FD`), which loads it right before exec.

Everything a solution needs stays allowed; what could reach outside the namespaces is denied
with EPERM: kernel and mount administration, tracing and other processes' memory, new
namespaces, keyrings, BPF, perf, io_uring and network sockets (only AF_UNIX, which the JVM
may use, is left). clone3 answers ENOSYS so libc falls back to clone, whose flags we can see.
"""
from __future__ import annotations

import errno
import os
import socket
import tempfile

import pyseccomp as seccomp

DENIED = (
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd", "pidfd_open",
    "mount", "umount2", "pivot_root", "chroot", "fsopen", "fsmount", "fsconfig", "move_mount", "open_tree",
    "mount_setattr", "unshare", "setns", "kexec_load", "kexec_file_load", "init_module", "finit_module",
    "delete_module", "reboot", "swapon", "swapoff", "acct", "settimeofday", "clock_settime", "clock_adjtime",
    "adjtimex", "sethostname", "setdomainname", "keyctl", "add_key", "request_key", "bpf", "perf_event_open",
    "userfaultfd", "open_by_handle_at", "name_to_handle_at", "io_uring_setup", "io_uring_enter",
    "io_uring_register", "quotactl", "lookup_dcookie", "syslog", "vhangup", "iopl", "ioperm",
    "personality", "uselib", "nfsservctl", "fanotify_init",
)
CLONE_NAMESPACE_FLAGS = 0x10000000 | 0x04000000 | 0x08000000 | 0x20000000 | 0x40000000 | 0x00020000 | 0x02000000


def _add(filt: seccomp.SyscallFilter, action, name: str, *args) -> None:
    try:
        filt.add_rule(action, name, *args)
    except (RuntimeError, ValueError, OSError):
        pass  # a syscall this kernel/arch does not have


def build() -> seccomp.SyscallFilter:
    filt = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    deny = seccomp.ERRNO(errno.EPERM)
    for name in DENIED:
        _add(filt, deny, name)
    _add(filt, seccomp.ERRNO(errno.ENOSYS), "clone3")
    # clone with any namespace flag (user, pid, net, mount, ipc, uts, cgroup)
    _add(filt, deny, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, CLONE_NAMESPACE_FLAGS & 0x10000000, 0x10000000))
    for flag in (0x04000000, 0x08000000, 0x20000000, 0x40000000, 0x00020000, 0x02000000):
        _add(filt, deny, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    # sockets: AF_UNIX only (the network namespace has no route out anyway)
    _add(filt, seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
    return filt


def bpf_file() -> int:
    """A file descriptor at offset 0 holding the compiled filter (caller closes it)."""
    handle = tempfile.TemporaryFile()
    build().export_bpf(handle)
    handle.flush()
    fd = os.dup(handle.fileno())
    handle.close()
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
