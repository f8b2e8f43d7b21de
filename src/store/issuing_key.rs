//! The community's private issuing key, kept in a file next to the store
//! that only its owner can read. The key never enters the database, so a
//! copied or synced database cannot be used to forge passes.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;

#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("cannot read the issuing key {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the issuing key {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the issuing key {0} already exists; refusing to replace it")]
    Exists(PathBuf),
    #[error("the issuing key {0} is damaged (expected 64 hex digits)")]
    Damaged(PathBuf),
}

/// Where the issuing key of the store at `db` lives.
pub fn path_for(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".issuing-key");
    PathBuf::from(name)
}

/// Writes a new key file readable only by its owner; never overwrites.
pub fn create(path: &Path, key: &SigningKey) -> Result<(), KeyFileError> {
    let write_err = |source| KeyFileError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            KeyFileError::Exists(path.to_path_buf())
        } else {
            write_err(e)
        }
    })?;
    let hex: String = key.to_bytes().iter().map(|b| format!("{b:02x}")).collect();
    file.write_all(format!("{hex}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(write_err)
}

pub fn load(path: &Path) -> Result<SigningKey, KeyFileError> {
    let text = fs::read_to_string(path).map_err(|source| KeyFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let hex = text.trim();
    let damaged = || KeyFileError::Damaged(path.to_path_buf());
    if hex.len() != 64 || !hex.is_ascii() {
        return Err(damaged());
    }
    let mut seed = [0u8; 32];
    for (i, byte) in seed.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| damaged())?;
    }
    Ok(SigningKey::from_bytes(&seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_round_trips_is_private_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_for(&dir.path().join("kakou.db"));
        let key = SigningKey::from_bytes(&[7; 32]);
        create(&path, &key).unwrap();
        assert_eq!(load(&path).unwrap().to_bytes(), key.to_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(matches!(create(&path, &key), Err(KeyFileError::Exists(_))));
        fs::write(&path, "zz").unwrap();
        assert!(matches!(load(&path), Err(KeyFileError::Damaged(_))));
    }
}
