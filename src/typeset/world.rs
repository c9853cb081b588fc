//! The Typst `World` of a project: generated markup in memory, the project's own Typst
//! and asset files from the project folder and nowhere else, embedded fonts, and the
//! meeting's date as "today".

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::files::{FileLoader, FileStore, FsRoot};
use typst_kit::fonts::FontStore;

use crate::render::templates::BUILTIN;

/// The id of a file at `path` under the project root ("output/highlights.typ").
pub fn project_file(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| format!("invalid path {path} ({e})"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// Serves generated files from memory, then the project folder, then the built-in copies of
/// the template files the project lacks. Packages are refused: a build must not depend on
/// the network or on files outside the project.
pub struct Loader {
    root: FsRoot,
    /// The canonical project folder, to catch symbolic links that lead out of it.
    canonical_root: PathBuf,
    overlay: HashMap<FileId, Bytes>,
    builtin: HashMap<FileId, Bytes>,
}

impl Loader {
    fn read_project_file(&self, id: FileId) -> FileResult<Bytes> {
        let path = self.root.resolve(id.vpath())?;
        if let Ok(real) = path.canonicalize()
            && !real.starts_with(&self.canonical_root)
        {
            return Err(FileError::Other(Some(
                format!(
                    "{} leads out of the project folder",
                    id.vpath().get_without_slash()
                )
                .into(),
            )));
        }
        self.root.load(id.vpath())
    }
}

impl FileLoader for Loader {
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.overlay.get(&id) {
            return Ok(bytes.clone());
        }
        match id.root() {
            VirtualRoot::Project => match self.read_project_file(id) {
                Err(FileError::NotFound(path)) => self
                    .builtin
                    .get(&id)
                    .cloned()
                    .ok_or(FileError::NotFound(path)),
                other => other,
            },
            VirtualRoot::Package(spec) => Err(FileError::Other(Some(
                format!("packages are not available to documents ({spec})").into(),
            ))),
        }
    }
}

/// One font store per process and font folder: loading fonts is the costly part of a
/// first compile, and a watch session compiles many times.
fn font_store(fonts_dir: Option<&Path>) -> Arc<FontStore> {
    static STORES: OnceLock<Mutex<HashMap<Option<PathBuf>, Arc<FontStore>>>> = OnceLock::new();
    let key = fonts_dir.map(Path::to_path_buf);
    let mut stores = STORES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    Arc::clone(stores.entry(key).or_insert_with(|| {
        let mut store = FontStore::new();
        // The project's fonts first: on equal matches the first font wins.
        if let Some(dir) = fonts_dir {
            for data in project_fonts(dir) {
                store.extend(Font::iter(Bytes::new(data)).map(|f| {
                    let info = f.info().clone();
                    (f, info)
                }));
            }
        }
        store.extend(typst_kit::fonts::embedded());
        Arc::new(store)
    }))
}

/// The font files directly in `templates/fonts/`, in name order.
fn project_fonts(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "ttf" | "otf" | "ttc" | "otc"
                )
            })
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}

pub struct ProjectWorld {
    library: LazyHash<Library>,
    fonts: Arc<FontStore>,
    pub(crate) files: FileStore<Loader>,
    main: FileId,
    today: Datetime,
}

impl ProjectWorld {
    /// A world for the project at `root` whose `datetime.today()` is `today`.
    pub fn new(root: &Path, today: Datetime) -> Result<Self, String> {
        let canonical_root = root
            .canonicalize()
            .map_err(|e| format!("cannot open project folder {} ({e})", root.display()))?;
        let mut builtin = HashMap::new();
        // Built-in Typst files are served only where the project has no file of its own
        // (the loader tries the disk first); MiniJinja templates never reach Typst.
        for (name, text) in BUILTIN.iter().filter(|(name, _)| !name.ends_with(".j2")) {
            builtin.insert(
                project_file(&format!("templates/{name}"))?,
                Bytes::from_string(*text),
            );
        }
        let fonts_dir = canonical_root.join("templates/fonts");
        let fonts = font_store(fonts_dir.is_dir().then_some(fonts_dir.as_path()));
        let loader = Loader {
            root: FsRoot::new(canonical_root.clone()),
            canonical_root,
            overlay: HashMap::new(),
            builtin,
        };
        Ok(ProjectWorld {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            files: FileStore::new(loader),
            main: project_file("main.typ")?,
            today,
        })
    }

    /// Puts generated markup at `id` (replacing what was there) and marks every file
    /// stale, so the next compile rereads what changed and reuses the rest.
    pub fn set_generated(&mut self, id: FileId, text: String) {
        self.files
            .loader_mut()
            .overlay
            .insert(id, Bytes::from_string(text));
        self.files.reset();
    }

    pub fn set_main(&mut self, id: FileId) {
        self.main = id;
    }

    /// The file behind an id, for diagnostics: its text and how to name it.
    pub fn describe(&self, id: FileId) -> (PathBuf, Option<String>) {
        let path = PathBuf::from(id.vpath().get_without_slash());
        let text = self.source(id).ok().map(|s| s.text().to_owned());
        (path, text)
    }
}

impl World for ProjectWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.files.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world(root: &Path) -> ProjectWorld {
        let today = Datetime::from_ymd(2017, 10, 11).unwrap();
        ProjectWorld::new(root, today).unwrap()
    }

    #[test]
    fn serves_project_files_and_refuses_paths_outside() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("project");
        std::fs::create_dir_all(project.join("templates")).unwrap();
        std::fs::write(project.join("data.txt"), "inside").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "outside").unwrap();
        let w = world(&project);
        let inside = w.file(project_file("data.txt").unwrap()).unwrap();
        assert_eq!(inside.as_slice(), b"inside");
        // `..` cannot even be expressed as a project path.
        assert!(VirtualPath::new("../secret.txt").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), project.join("link.txt"))
                .unwrap();
            let w = world(&project);
            assert!(w.file(project_file("link.txt").unwrap()).is_err());
        }
    }

    #[test]
    fn built_in_style_is_served_when_the_project_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let w = world(dir.path());
        assert!(w.file(project_file("templates/style.typ").unwrap()).is_ok());
        assert!(
            w.file(project_file("templates/missing.typ").unwrap())
                .is_err()
        );
    }

    #[test]
    fn packages_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let w = world(dir.path());
        let spec: typst::syntax::package::PackageSpec = "@preview/x:0.1.0".parse().unwrap();
        let id = RootedPath::new(
            VirtualRoot::Package(spec),
            VirtualPath::new("lib.typ").unwrap(),
        )
        .intern();
        assert!(w.file(id).is_err());
    }
}
