//! Reading a file someone named on the command line, bounded in kind and
//! size before anything is allocated for it.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

use crate::ReadError;

/// What a path pointed at when it was not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Folder,
    Pipe,
    Device,
    Socket,
    Other,
}

impl FileKind {
    fn of(file_type: std::fs::FileType) -> FileKind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return FileKind::Pipe;
            }
            if file_type.is_char_device() || file_type.is_block_device() {
                return FileKind::Device;
            }
            if file_type.is_socket() {
                return FileKind::Socket;
            }
        }
        if file_type.is_dir() {
            FileKind::Folder
        } else {
            FileKind::Other
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            FileKind::Folder => "一个文件夹",
            FileKind::Pipe => "一个管道（FIFO）",
            FileKind::Device => "一个设备",
            FileKind::Socket => "一个套接字",
            FileKind::Other => "一个特殊文件",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            FileKind::Folder => "a folder",
            FileKind::Pipe => "a pipe (FIFO)",
            FileKind::Device => "a device",
            FileKind::Socket => "a socket",
            FileKind::Other => "a special file",
        }
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.en())
    }
}

/// Reads the whole of a regular file of at most `limit` bytes.
///
/// Anything else is refused without reading from it: a folder, a FIFO
/// (which would wait for a writer forever), a device such as `/dev/zero`
/// (which never ends). The size is enforced while reading, never taken from
/// the file's metadata, which is wrong for files that grow while read and
/// for the many files in `/proc` that claim to be empty.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let name = path.display().to_string();
    let open_err = |source| ReadError::Open {
        path: name.clone(),
        source,
    };
    let file = open_without_waiting(path).map_err(open_err)?;
    // The type is asked of the opened file, not of the path, so that the
    // check and the read are about the same file.
    let metadata = file.metadata().map_err(open_err)?;
    if !metadata.is_file() {
        return Err(ReadError::NotAFile {
            path: name,
            kind: FileKind::of(metadata.file_type()),
        });
    }
    // The metadata's length is only a hint for the first allocation.
    let mut bytes = Vec::with_capacity(metadata.len().min(limit) as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(open_err)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            path: name,
            limit: limit / (1024 * 1024),
        });
    }
    Ok(bytes)
}

/// Opens for reading; on Unix without blocking, because opening a FIFO
/// otherwise waits until some other process opens it for writing, before
/// the caller could see that it is not a file.
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1024 * 1024;

    #[test]
    fn a_small_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, b"x,y\n1,2\n").unwrap();
        assert_eq!(read_capped(&path, MB).unwrap(), b"x,y\n1,2\n");
    }

    #[test]
    fn a_file_of_exactly_the_limit_is_read_and_one_byte_more_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, vec![b'a'; 100]).unwrap();
        assert_eq!(read_capped(&path, 100).unwrap().len(), 100);
        let err = read_capped(&path, 99).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err:?}");
    }

    #[test]
    fn a_folder_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_capped(dir.path(), MB).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::NotAFile {
                    kind: FileKind::Folder,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_missing_file_cannot_be_opened() {
        let err = read_capped(Path::new("/nonexistent/kakou/ledger.csv"), MB).unwrap_err();
        assert!(matches!(err, ReadError::Open { .. }), "{err:?}");
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_is_a_device_and_nothing_is_read_from_it() {
        let err = read_capped(Path::new("/dev/zero"), MB).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::NotAFile {
                    kind: FileKind::Device,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    /// `/proc` files claim a length of 0 and still have content: a reader
    /// that trusted the metadata would read past any cap.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_cap_holds_for_a_file_whose_metadata_says_it_is_empty() {
        let path = Path::new("/proc/self/maps");
        assert_eq!(std::fs::metadata(path).unwrap().len(), 0);
        let err = read_capped(path, 16).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err:?}");
    }
}
