//! A filesystem that loses what was not synced when the power is cut, for
//! power-loss tests (the model of lazyfs, which etcd's robustness tests and
//! Jepsen use).
//!
//! `kill -9` keeps the kernel's page cache, so it never shows an fsync that
//! is missing. This FUSE filesystem passes every operation through to a
//! backing directory except file data: a write stays in memory (per file,
//! in 4 KiB pages, with the file's logical size) until the file is fsynced
//! or fdatasynced. [`LazyFs::cut`] forgets every unsynced write, as a power
//! loss would. Metadata (create, rename, link, unlink, mkdir, truncate) is
//! durable at once, so the model is kinder than real hardware there.
//!
//! Files are opened with direct I/O (no kernel page cache), and attributes
//! are never cached, so readers always see what this layer holds. Needs
//! /dev/fuse, `fusermount3` (Debian `fuse3`) and root.

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    ffi::OsStr,
    fs::File,
    os::unix::fs::{FileExt, MetadataExt, PermissionsExt},
    path::{Path, PathBuf},
    sync::{Arc, Mutex, MutexGuard},
    time::{Duration, SystemTime},
};

use fuser::{
    Config, Errno, FileAttr, FileHandle, FileType, Filesystem, FopenFlags, Generation, INodeNo,
    LockOwner, MountOption, OpenFlags, RenameFlags, ReplyAttr, ReplyCreate, ReplyData,
    ReplyDirectory, ReplyEmpty, ReplyEntry, ReplyOpen, ReplyStatfs, ReplyWrite, Request, TimeOrNow,
    WriteFlags,
};

const PAGE: u64 = 4096;
const TTL: Duration = Duration::ZERO;

/// Unsynced data of one file.
#[derive(Default)]
struct Dirty {
    /// Page number → the page as this layer holds it.
    pages: BTreeMap<u64, Box<[u8; PAGE as usize]>>,
    /// The file's size as writers see it.
    size: u64,
}

#[derive(Default)]
struct State {
    /// Inode → the backing paths (relative) it is known by.
    paths: HashMap<u64, HashSet<PathBuf>>,
    /// Backing (device, inode) → our inode.
    inodes: HashMap<(u64, u64), u64>,
    next_inode: u64,
    /// Our inode → an open backing file (kept while the file is in use,
    /// also after it is unlinked).
    files: HashMap<u64, Arc<File>>,
    /// Our inode → its unsynced writes.
    dirty: HashMap<u64, Dirty>,
}

impl State {
    /// Bytes held in unsynced pages.
    fn unsynced_bytes(&self) -> u64 {
        self.dirty
            .values()
            .map(|d| d.pages.len() as u64 * PAGE)
            .sum()
    }
}

/// The power-loss filesystem: build it with [`LazyFs::mount`].
pub struct LazyFs {
    backing: PathBuf,
    state: Arc<Mutex<State>>,
}

/// A mounted [`LazyFs`]: unmounted when dropped.
pub struct Mounted {
    state: Arc<Mutex<State>>,
    session: Option<fuser::BackgroundSession>,
}

impl Mounted {
    /// Forgets every write not yet synced (a power cut). Stop whatever uses
    /// the filesystem first (kill -9): a process still writing would write
    /// on after the cut. Returns how many unsynced bytes were dropped.
    pub fn cut(&self) -> u64 {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let dropped = s.unsynced_bytes();
        s.dirty.clear();
        s.files.clear();
        dropped
    }

    /// Unsynced bytes held now.
    pub fn unsynced_bytes(&self) -> u64 {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .unsynced_bytes()
    }

    /// Unmounts (also done on drop).
    pub fn unmount(mut self) {
        self.session.take();
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.session.take();
    }
}

/// Why the power-loss filesystem cannot run here, if it cannot.
pub fn unavailable() -> Option<String> {
    if !Path::new("/dev/fuse").exists() {
        return Some("/dev/fuse is missing".into());
    }
    let fusermount = ["/usr/bin/fusermount3", "/bin/fusermount3"]
        .iter()
        .any(|p| Path::new(p).exists());
    if !fusermount {
        return Some("fusermount3 is missing (Debian package fuse3)".into());
    }
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Some("not root".into());
    }
    None
}

impl LazyFs {
    /// Mounts a lazy view of `backing` (a directory) at `mountpoint`.
    pub fn mount(backing: &Path, mountpoint: &Path) -> std::io::Result<Mounted> {
        let mut state = State {
            next_inode: 2,
            ..State::default()
        };
        state
            .paths
            .insert(INodeNo::ROOT.0, [PathBuf::new()].into_iter().collect());
        let root = std::fs::metadata(backing)?;
        state
            .inodes
            .insert((root.dev(), root.ino()), INodeNo::ROOT.0);
        let state = Arc::new(Mutex::new(state));
        let fs = LazyFs {
            backing: backing.to_path_buf(),
            state: Arc::clone(&state),
        };
        let mut config = Config::default();
        config.mount_options = vec![
            MountOption::FSName("roster-lazyfs".into()),
            MountOption::DefaultPermissions,
        ];
        let session = fuser::spawn_mount(fs, mountpoint, &config)?;
        Ok(Mounted {
            state,
            session: Some(session),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A backing path of inode `ino`.
    fn path_of(&self, s: &State, ino: INodeNo) -> Result<PathBuf, Errno> {
        s.paths
            .get(&ino.0)
            .and_then(|p| p.iter().next())
            .map(|p| self.backing.join(p))
            .ok_or(Errno::ENOENT)
    }

    fn relative(&self, s: &State, parent: INodeNo, name: &OsStr) -> Result<PathBuf, Errno> {
        let parent = s
            .paths
            .get(&parent.0)
            .and_then(|p| p.iter().next())
            .ok_or(Errno::ENOENT)?;
        Ok(parent.join(name))
    }

    /// Our inode for the backing file at `relative`, registering the path.
    fn inode_for(&self, s: &mut State, relative: &Path) -> Result<(u64, std::fs::Metadata), Errno> {
        let meta = std::fs::symlink_metadata(self.backing.join(relative))?;
        let key = (meta.dev(), meta.ino());
        let ino = match s.inodes.get(&key) {
            Some(&ino) => ino,
            None => {
                let ino = s.next_inode;
                s.next_inode += 1;
                s.inodes.insert(key, ino);
                ino
            }
        };
        s.paths
            .entry(ino)
            .or_default()
            .insert(relative.to_path_buf());
        Ok((ino, meta))
    }

    fn attr(s: &State, ino: u64, meta: &std::fs::Metadata) -> FileAttr {
        let kind = if meta.is_dir() {
            FileType::Directory
        } else if meta.file_type().is_symlink() {
            FileType::Symlink
        } else {
            FileType::RegularFile
        };
        let size = s.dirty.get(&ino).map_or(meta.len(), |d| d.size);
        let time = |t: std::io::Result<SystemTime>| t.unwrap_or(SystemTime::UNIX_EPOCH);
        FileAttr {
            ino: INodeNo(ino),
            size,
            blocks: size.div_ceil(512),
            atime: time(meta.accessed()),
            mtime: time(meta.modified()),
            ctime: time(meta.modified()),
            crtime: time(meta.created()),
            kind,
            perm: (meta.permissions().mode() & 0o7777) as u16,
            nlink: meta.nlink() as u32,
            uid: meta.uid(),
            gid: meta.gid(),
            rdev: 0,
            blksize: PAGE as u32,
            flags: 0,
        }
    }

    /// The open backing file of `ino`.
    fn file(&self, s: &mut State, ino: u64) -> Result<Arc<File>, Errno> {
        if let Some(f) = s.files.get(&ino) {
            return Ok(Arc::clone(f));
        }
        let path = self.path_of(s, INodeNo(ino))?;
        let f = Arc::new(
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(path)?,
        );
        s.files.insert(ino, Arc::clone(&f));
        Ok(f)
    }

    /// The unsynced state of `ino`, started from the backing file.
    fn dirty<'a>(&self, s: &'a mut State, ino: u64) -> Result<&'a mut Dirty, Errno> {
        if !s.dirty.contains_key(&ino) {
            let size = self.file(s, ino)?.metadata()?.len();
            s.dirty.insert(
                ino,
                Dirty {
                    pages: BTreeMap::new(),
                    size,
                },
            );
        }
        Ok(s.dirty.get_mut(&ino).expect("inserted above"))
    }

    fn write_at(&self, s: &mut State, ino: u64, offset: u64, data: &[u8]) -> Result<(), Errno> {
        let file = self.file(s, ino)?;
        let backing_len = file.metadata()?.len();
        let dirty = self.dirty(s, ino)?;
        let mut done = 0usize;
        while done < data.len() {
            let at = offset + done as u64;
            let page_no = at / PAGE;
            let within = (at % PAGE) as usize;
            let n = (PAGE as usize - within).min(data.len() - done);
            let page = match dirty.pages.entry(page_no) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => {
                    let mut page = Box::new([0u8; PAGE as usize]);
                    let start = page_no * PAGE;
                    // What the file holds there now (within its size as
                    // writers see it), so a partial write keeps the rest.
                    let visible = dirty.size.min(backing_len);
                    if start < visible {
                        let len = ((visible - start) as usize).min(PAGE as usize);
                        file.read_exact_at(&mut page[..len], start)?;
                    }
                    e.insert(page)
                }
            };
            page[within..within + n].copy_from_slice(&data[done..done + n]);
            done += n;
        }
        dirty.size = dirty.size.max(offset + data.len() as u64);
        Ok(())
    }

    fn read_at(&self, s: &mut State, ino: u64, offset: u64, size: u32) -> Result<Vec<u8>, Errno> {
        let file = self.file(s, ino)?;
        let backing_len = file.metadata()?.len();
        let visible = s.dirty.get(&ino).map_or(backing_len, |d| d.size);
        if offset >= visible {
            return Ok(Vec::new());
        }
        let len = (size as u64).min(visible - offset) as usize;
        let mut out = vec![0u8; len];
        // The backing file's bytes (zeros past its end, or past a size the
        // writers lowered), then the unsynced pages over them.
        let from_backing = backing_len
            .min(visible)
            .saturating_sub(offset)
            .min(len as u64);
        if from_backing > 0 {
            file.read_exact_at(&mut out[..from_backing as usize], offset)?;
        }
        if let Some(dirty) = s.dirty.get(&ino) {
            let first = offset / PAGE;
            let last = (offset + len as u64 - 1) / PAGE;
            for (&page_no, page) in dirty.pages.range(first..=last) {
                let start = page_no * PAGE;
                let lo = start.max(offset);
                let hi = (start + PAGE).min(offset + len as u64);
                out[(lo - offset) as usize..(hi - offset) as usize]
                    .copy_from_slice(&page[(lo - start) as usize..(hi - start) as usize]);
            }
        }
        Ok(out)
    }

    /// Writes `ino`'s unsynced pages to the backing file and syncs it.
    fn sync(&self, s: &mut State, ino: u64) -> Result<(), Errno> {
        let Some(dirty) = s.dirty.remove(&ino) else {
            if let Some(f) = s.files.get(&ino) {
                f.sync_all()?;
            }
            return Ok(());
        };
        let file = self.file(s, ino)?;
        for (page_no, page) in &dirty.pages {
            let start = page_no * PAGE;
            if start >= dirty.size {
                continue;
            }
            let len = ((dirty.size - start) as usize).min(PAGE as usize);
            file.write_all_at(&page[..len], start)?;
        }
        if file.metadata()?.len() != dirty.size {
            file.set_len(dirty.size)?;
        }
        file.sync_all()?;
        Ok(())
    }

    /// Removes `name` from `parent` with `remove` (a file or a directory).
    fn remove(
        &self,
        parent: INodeNo,
        name: &OsStr,
        remove: impl FnOnce(&Path) -> std::io::Result<()>,
        reply: ReplyEmpty,
    ) {
        let mut s = self.lock();
        let result = (|| {
            let rel = self.relative(&s, parent, name)?;
            remove(&self.backing.join(&rel))?;
            Self::forget_path(&mut s, &rel);
            Ok::<_, Errno>(())
        })();
        match result {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn forget_path(s: &mut State, relative: &Path) {
        for paths in s.paths.values_mut() {
            paths.remove(relative);
        }
    }
}

fn errno(e: std::io::Error) -> Errno {
    Errno::from(e)
}

impl Filesystem for LazyFs {
    fn lookup(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEntry) {
        let mut s = self.lock();
        let result = self
            .relative(&s, parent, name)
            .and_then(|rel| self.inode_for(&mut s, &rel));
        match result {
            Ok((ino, meta)) => reply.entry(&TTL, &Self::attr(&s, ino, &meta), Generation(0)),
            Err(e) => reply.error(e),
        }
    }

    fn getattr(&self, _req: &Request, ino: INodeNo, _fh: Option<FileHandle>, reply: ReplyAttr) {
        let s = self.lock();
        let meta = match s.files.get(&ino.0) {
            Some(f) => f.metadata().map_err(errno),
            None => self
                .path_of(&s, ino)
                .and_then(|p| std::fs::symlink_metadata(p).map_err(errno)),
        };
        match meta {
            Ok(meta) => reply.attr(&TTL, &Self::attr(&s, ino.0, &meta)),
            Err(e) => reply.error(e),
        }
    }

    fn setattr(
        &self,
        _req: &Request,
        ino: INodeNo,
        mode: Option<u32>,
        _uid: Option<u32>,
        _gid: Option<u32>,
        size: Option<u64>,
        _atime: Option<TimeOrNow>,
        _mtime: Option<TimeOrNow>,
        _ctime: Option<SystemTime>,
        _fh: Option<FileHandle>,
        _crtime: Option<SystemTime>,
        _chgtime: Option<SystemTime>,
        _bkuptime: Option<SystemTime>,
        _flags: Option<fuser::BsdFileFlags>,
        reply: ReplyAttr,
    ) {
        let mut s = self.lock();
        let result = (|| -> Result<std::fs::Metadata, Errno> {
            let path = self.path_of(&s, ino)?;
            if let Some(mode) = mode {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))?;
            }
            if let Some(size) = size {
                // A truncate is durable at once (see the module doc); pages
                // past the new end are dropped.
                let file = self.file(&mut s, ino.0)?;
                file.set_len(size)?;
                if let Some(d) = s.dirty.get_mut(&ino.0) {
                    d.size = size;
                    d.pages.retain(|&p, _| p * PAGE < size);
                    if let Some(last) = d.pages.get_mut(&(size / PAGE)) {
                        last[(size % PAGE) as usize..].fill(0);
                    }
                }
            }
            Ok(std::fs::symlink_metadata(&path)?)
        })();
        match result {
            Ok(meta) => reply.attr(&TTL, &Self::attr(&s, ino.0, &meta)),
            Err(e) => reply.error(e),
        }
    }

    fn mkdir(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        _umask: u32,
        reply: ReplyEntry,
    ) {
        let mut s = self.lock();
        let result = (|| {
            let rel = self.relative(&s, parent, name)?;
            std::fs::create_dir(self.backing.join(&rel))?;
            std::fs::set_permissions(
                self.backing.join(&rel),
                std::fs::Permissions::from_mode(mode & 0o7777),
            )?;
            self.inode_for(&mut s, &rel)
        })();
        match result {
            Ok((ino, meta)) => reply.entry(&TTL, &Self::attr(&s, ino, &meta), Generation(0)),
            Err(e) => reply.error(e),
        }
    }

    fn unlink(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        self.remove(parent, name, |p| std::fs::remove_file(p), reply);
    }

    fn rmdir(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        self.remove(parent, name, |p| std::fs::remove_dir(p), reply);
    }

    fn rename(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        newparent: INodeNo,
        newname: &OsStr,
        _flags: RenameFlags,
        reply: ReplyEmpty,
    ) {
        let mut s = self.lock();
        let result = (|| {
            let from = self.relative(&s, parent, name)?;
            let to = self.relative(&s, newparent, newname)?;
            std::fs::rename(self.backing.join(&from), self.backing.join(&to))?;
            // Every path under `from` (a directory) now lies under `to`.
            Self::forget_path(&mut s, &to);
            for paths in s.paths.values_mut() {
                let moved: Vec<PathBuf> = paths
                    .iter()
                    .filter(|p| p.starts_with(&from))
                    .cloned()
                    .collect();
                for p in moved {
                    paths.remove(&p);
                    let rest = p.strip_prefix(&from).expect("filtered above");
                    paths.insert(if rest.as_os_str().is_empty() {
                        to.clone()
                    } else {
                        to.join(rest)
                    });
                }
            }
            Ok(())
        })();
        match result {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn link(
        &self,
        _req: &Request,
        ino: INodeNo,
        newparent: INodeNo,
        newname: &OsStr,
        reply: ReplyEntry,
    ) {
        let mut s = self.lock();
        let result = (|| {
            // The link shares the inode, unsynced pages included.
            let from = self.path_of(&s, ino)?;
            let rel = self.relative(&s, newparent, newname)?;
            std::fs::hard_link(from, self.backing.join(&rel))?;
            self.inode_for(&mut s, &rel)
        })();
        match result {
            Ok((ino, meta)) => reply.entry(&TTL, &Self::attr(&s, ino, &meta), Generation(0)),
            Err(e) => reply.error(e),
        }
    }

    fn open(&self, _req: &Request, ino: INodeNo, flags: OpenFlags, reply: ReplyOpen) {
        let mut s = self.lock();
        let result = (|| {
            if flags.0 & libc::O_TRUNC != 0 {
                let file = self.file(&mut s, ino.0)?;
                file.set_len(0)?;
                if let Some(d) = s.dirty.get_mut(&ino.0) {
                    d.pages.clear();
                    d.size = 0;
                }
            } else {
                self.file(&mut s, ino.0)?;
            }
            Ok::<_, Errno>(())
        })();
        match result {
            Ok(()) => reply.opened(FileHandle(0), FopenFlags::FOPEN_DIRECT_IO),
            Err(e) => reply.error(e),
        }
    }

    fn read(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        size: u32,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyData,
    ) {
        let mut s = self.lock();
        match self.read_at(&mut s, ino.0, offset, size) {
            Ok(data) => reply.data(&data),
            Err(e) => reply.error(e),
        }
    }

    fn write(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        data: &[u8],
        _write_flags: WriteFlags,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyWrite,
    ) {
        let mut s = self.lock();
        match self.write_at(&mut s, ino.0, offset, data) {
            Ok(()) => reply.written(data.len() as u32),
            Err(e) => reply.error(e),
        }
    }

    fn flush(
        &self,
        _req: &Request,
        _ino: INodeNo,
        _fh: FileHandle,
        _lock_owner: LockOwner,
        reply: ReplyEmpty,
    ) {
        // close() syncs nothing.
        reply.ok();
    }

    fn fsync(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        _datasync: bool,
        reply: ReplyEmpty,
    ) {
        let mut s = self.lock();
        match self.sync(&mut s, ino.0) {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn readdir(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        mut reply: ReplyDirectory,
    ) {
        let mut s = self.lock();
        let result = (|| {
            let dir = self.path_of(&s, ino)?;
            let rel_dir = dir
                .strip_prefix(&self.backing)
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let mut entries: Vec<(u64, FileType, std::ffi::OsString)> = vec![
                (ino.0, FileType::Directory, ".".into()),
                (ino.0, FileType::Directory, "..".into()),
            ];
            let mut names: Vec<std::ffi::OsString> = std::fs::read_dir(&dir)?
                .filter_map(|e| e.ok().map(|e| e.file_name()))
                .collect();
            names.sort();
            for name in names {
                let Ok((child, meta)) = self.inode_for(&mut s, &rel_dir.join(&name)) else {
                    continue;
                };
                let kind = if meta.is_dir() {
                    FileType::Directory
                } else {
                    FileType::RegularFile
                };
                entries.push((child, kind, name));
            }
            Ok::<_, Errno>(entries)
        })();
        match result {
            Ok(entries) => {
                for (i, (child, kind, name)) in entries.iter().enumerate().skip(offset as usize) {
                    if reply.add(INodeNo(*child), i as u64 + 1, *kind, name) {
                        break;
                    }
                }
                reply.ok();
            }
            Err(e) => reply.error(e),
        }
    }

    fn fsyncdir(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        _datasync: bool,
        reply: ReplyEmpty,
    ) {
        let s = self.lock();
        let result = self
            .path_of(&s, ino)
            .and_then(|p| File::open(p).and_then(|d| d.sync_all()).map_err(errno));
        match result {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn statfs(&self, _req: &Request, _ino: INodeNo, reply: ReplyStatfs) {
        // Plenty of room (nothing here checks it closely).
        reply.statfs(
            1 << 24,
            1 << 23,
            1 << 23,
            1 << 20,
            1 << 19,
            PAGE as u32,
            255,
            PAGE as u32,
        );
    }

    fn create(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        _umask: u32,
        flags: i32,
        reply: ReplyCreate,
    ) {
        let mut s = self.lock();
        let result = (|| {
            let rel = self.relative(&s, parent, name)?;
            let path = self.backing.join(&rel);
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(flags & libc::O_TRUNC != 0)
                .open(&path)?;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode & 0o7777))?;
            let (ino, meta) = self.inode_for(&mut s, &rel)?;
            s.dirty.remove(&ino);
            s.files.insert(ino, Arc::new(file));
            Ok::<_, Errno>((ino, meta))
        })();
        match result {
            Ok((ino, meta)) => reply.created(
                &TTL,
                &Self::attr(&s, ino, &meta),
                Generation(0),
                FileHandle(0),
                FopenFlags::FOPEN_DIRECT_IO,
            ),
            Err(e) => reply.error(e),
        }
    }

    fn fallocate(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        length: u64,
        mode: i32,
        reply: ReplyEmpty,
    ) {
        // Preallocation: only a plain one (no KEEP_SIZE) changes the size
        // writers see, and that is as unsynced as a write.
        let mut s = self.lock();
        let result = (|| {
            if mode == 0 {
                let dirty = self.dirty(&mut s, ino.0)?;
                dirty.size = dirty.size.max(offset + length);
            }
            Ok::<_, Errno>(())
        })();
        match result {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Seek, Write};

    use super::*;

    /// Synced data survives a cut, unsynced data does not; reads before the
    /// cut see both.
    #[test]
    fn a_cut_keeps_exactly_what_was_synced() {
        if let Some(why) = unavailable() {
            crate::netns::skip_or_fail("lazyfs::a_cut_keeps_exactly_what_was_synced", &why);
            return;
        }
        let backing = tempfile::tempdir().unwrap();
        let mountpoint = tempfile::tempdir().unwrap();
        let fs = LazyFs::mount(backing.path(), mountpoint.path()).unwrap();
        let path = mountpoint.path().join("wal");
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(b"synced;").unwrap();
        f.sync_data().unwrap();
        f.write_all(&[b'x'; 10_000]).unwrap();
        let mut other = std::fs::File::create(mountpoint.path().join("never-synced")).unwrap();
        other.write_all(b"gone").unwrap();
        // Before the cut, readers see everything written.
        let mut seen = Vec::new();
        std::fs::File::open(&path)
            .unwrap()
            .read_to_end(&mut seen)
            .unwrap();
        assert_eq!(seen.len(), 7 + 10_000);
        assert!(fs.unsynced_bytes() > 0);
        drop((f, other));
        assert!(fs.cut() >= 10_000);
        assert_eq!(std::fs::read(&path).unwrap(), b"synced;");
        // The file exists (metadata is durable), its data does not.
        assert_eq!(
            std::fs::read(mountpoint.path().join("never-synced")).unwrap(),
            b""
        );
        // A partial overwrite inside a synced page, then a sync: kept.
        let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.seek(std::io::SeekFrom::Start(2)).unwrap();
        f.write_all(b"NC").unwrap();
        f.sync_all().unwrap();
        fs.cut();
        assert_eq!(std::fs::read(&path).unwrap(), b"syNCed;");
        // Renames and links keep the data.
        std::fs::rename(&path, mountpoint.path().join("moved")).unwrap();
        std::fs::hard_link(
            mountpoint.path().join("moved"),
            mountpoint.path().join("linked"),
        )
        .unwrap();
        assert_eq!(
            std::fs::read(mountpoint.path().join("linked")).unwrap(),
            b"syNCed;"
        );
        fs.unmount();
        assert_eq!(
            std::fs::read(backing.path().join("moved")).unwrap(),
            b"syNCed;"
        );
    }
}
