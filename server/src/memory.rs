//! Keeping an idle agent's resident memory to what it uses.
//!
//! The `roster` binary links RocksDB statically, and RocksDB's C++ static
//! initialisers (option registries, factories) run at every process start,
//! server or client. They leave ~4 MB of RocksDB code (plus the command-line
//! parser's) mapped in the process for good, although a client agent never
//! runs it again: measured by attributing the resident pages of the text
//! segment (`/proc/<pid>/pagemap`) to symbols. Once the agent has started,
//! [`release_startup_code`] unmaps the code pages; the ones the agent keeps
//! running are faulted back in from the page cache at once, the rest stay
//! out.

/// Drops this process's mappings of its own executable code (`MADV_DONTNEED`
/// on the binary's `r-xp` mappings). Only executable, never-written file
/// pages are touched, so nothing is lost: any page used again is read back
/// from the file. Best effort: errors are ignored.
pub fn release_startup_code() {
    let Ok(exe) = std::fs::read_link("/proc/self/exe") else {
        return;
    };
    let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else {
        return;
    };
    for (start, end) in executable_mappings(&maps, &exe.to_string_lossy()) {
        // SAFETY: the range is an executable, read-only, private file
        // mapping of this process's own binary (never written: Rust and
        // RocksDB code has no text relocations). MADV_DONTNEED only drops
        // the page-table entries; the next access reads the same bytes from
        // the file. Writable or relocated mappings (data, RELRO) are never
        // passed here, since dropping those would lose their contents.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
        }
    }
}

/// The `r-xp` mappings of `exe` in a `/proc/self/maps` text.
fn executable_mappings(maps: &str, exe: &str) -> Vec<(usize, usize)> {
    maps.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (range, perms, path) = (fields.first()?, fields.get(1)?, fields.get(5)?);
            if *perms != "r-xp" || *path != exe {
                return None;
            }
            let (start, end) = range.split_once('-')?;
            let start = usize::from_str_radix(start, 16).ok()?;
            let end = usize::from_str_radix(end, 16).ok()?;
            (end > start).then_some((start, end))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_binarys_executable_mappings() {
        let maps = "\
55a0-55b0 r--p 00000000 fe:00 1 /usr/bin/roster
55b0-55c0 r-xp 00001000 fe:00 1 /usr/bin/roster
55c0-55d0 r--p 00002000 fe:00 1 /usr/bin/roster
55d0-55e0 rw-p 00003000 fe:00 1 /usr/bin/roster
7f00-7f10 r-xp 00000000 fe:00 2 /usr/lib/libc.so.6
7f20-7f30 rw-p 00000000 00:00 0
";
        assert_eq!(
            executable_mappings(maps, "/usr/bin/roster"),
            vec![(0x55b0, 0x55c0)]
        );
    }

    #[test]
    fn releasing_keeps_the_process_running() {
        release_startup_code();
        // Code runs on after its pages were dropped.
        let v: Vec<u64> = (0..1000).map(|x| x * x).collect();
        assert_eq!(v[999], 998_001);
    }
}
