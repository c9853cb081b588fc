//! `rapporteur watch` on a temporary project: an edit updates the PDF, a broken source
//! keeps the last good PDF and prints the problem, fixing it updates the PDF again, and
//! Ctrl-C ends the session cleanly.
//!
//! The child runs for real, so every wait polls with a generous limit: slow machines
//! only make the test slower, never fail it.

use std::io::Read as _;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{init_project, pdf_text, rapporteur, stderr};

const PATIENCE: Duration = Duration::from_secs(60);

/// A running `rapporteur watch` whose stderr is collected as it comes.
struct Watch {
    child: Child,
    log: Arc<Mutex<String>>,
}

impl Watch {
    fn start(project: &Path) -> Watch {
        let mut child = rapporteur(&["watch", "--project", project.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut pipe = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        Watch { child, log }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Polls until `done` holds; panics with the session's output after `PATIENCE`.
    fn wait_until(&mut self, what: &str, mut done: impl FnMut(&str) -> bool) {
        let start = Instant::now();
        loop {
            if done(&self.log()) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("watch exited ({status}) before {what}:\n{}", self.log());
            }
            if start.elapsed() > PATIENCE {
                panic!("gave up waiting for {what}:\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        // Only reached with the child still running when an assertion failed.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Text of the PDF, or an empty string while it cannot be read.
fn text_or_empty(path: &Path) -> String {
    if path.exists() {
        pdf_text(path)
    } else {
        String::new()
    }
}

#[test]
fn watch_rebuilds_on_edits_and_keeps_the_last_good_pdf_on_errors() {
    let (_tmp, project) = init_project();
    let report = project.join("output/summary-report.pdf");
    let east = project.join("sources/regions/east.yaml");
    let original = std::fs::read_to_string(&east).unwrap();

    let mut watch = Watch::start(&project);
    watch.wait_until("the first build", |log| log.contains("Watching"));
    assert!(
        pdf_text(&report).contains("recruitment of migrant workers"),
        "the first build wrote the report"
    );

    // 1. Edit a regional title: the report follows.
    let edited = original.replace(
        "recruitment of migrant workers",
        "recruitment of seasonal migrant workers",
    );
    assert_ne!(edited, original);
    std::fs::write(&east, &edited).unwrap();
    watch.wait_until("the edited title in the PDF", |_| {
        text_or_empty(&report).contains("recruitment of seasonal migrant workers")
    });
    watch.wait_until("the rebuild line", |log| {
        log.contains("Rebuilt") && log.contains("(changed: sources/regions/east.yaml)")
    });

    // 2. Break the YAML: the problem is printed, the last good PDF stays.
    let good_pdf = std::fs::read(&report).unwrap();
    std::fs::write(&east, edited.replace("name: East", "name: [East")).unwrap();
    watch.wait_until("the diagnostic", |log| {
        log.contains("error: sources/regions/east.yaml:") && log.contains("Failed rebuild")
    });
    assert!(
        std::fs::read(&report).unwrap() == good_pdf,
        "a failed rebuild replaced the PDF"
    );

    // 3. Fix it with another title: the PDF updates again.
    std::fs::write(
        &east,
        original.replace(
            "recruitment of migrant workers",
            "recruitment of all seasonal migrant workers",
        ),
    )
    .unwrap();
    watch.wait_until("the fixed title in the PDF", |_| {
        text_or_empty(&report).contains("recruitment of all seasonal migrant workers")
    });

    // 4. Ctrl-C ends the session with success.
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &watch.child.id().to_string()])
        .output()
        .unwrap();
    assert!(interrupted.status.success(), "{}", stderr(&interrupted));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = watch.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "watch ignored Ctrl-C:\n{}",
            watch.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        status.success(),
        "watch ended with {status}:\n{}",
        watch.log()
    );
    // The reader thread may lag the exit by a moment.
    let start = Instant::now();
    while !watch.log().contains("Stopped watching") {
        assert!(
            start.elapsed() < PATIENCE,
            "no goodbye line:\n{}",
            watch.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
