//! The write stage's tests: atomic replacement, staging, streams, diffs.

use super::*;

/// Two writers replace one file with different bytes while a reader reads it over and over:
/// every read sees one writer's bytes whole, never a mix, a truncated or an empty file. (A
/// writer that truncates and writes in place fails this within a few rounds.)
#[test]
fn a_reader_never_sees_a_partly_written_file() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = ("a".repeat(4 << 20), "b".repeat(3 << 20));
    // The file exists before anyone reads: a replace by rename never makes it vanish, so a
    // read that finds no file fails the test too. The reader reads at least once whatever
    // the scheduler does (the test does not depend on timing to see the file).
    apply(dir.path(), &[out("f.txt", &a)], Mode::Write, Durability::Regenerable).unwrap();
    let done = AtomicBool::new(false);
    let seen = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let mut seen = (0, 0);
            loop {
                match fs::read(dir.path().join("f.txt")) {
                    Ok(bytes) if bytes == a.as_bytes() => seen.0 += 1,
                    Ok(bytes) if bytes == b.as_bytes() => seen.1 += 1,
                    Ok(bytes) => panic!("read {} bytes that are neither version", bytes.len()),
                    Err(e) => panic!("{e}"),
                }
                if done.load(Ordering::Relaxed) {
                    break;
                }
            }
            seen
        });
        let writers: Vec<_> = [&a, &b]
            .into_iter()
            .map(|text| {
                let dir = dir.path();
                scope.spawn(move || {
                    for _ in 0..15 {
                        apply(dir, &[out("f.txt", text)], Mode::Write, Durability::Regenerable).unwrap();
                    }
                })
            })
            .collect();
        writers.into_iter().for_each(|w| w.join().unwrap());
        done.store(true, Ordering::Relaxed);
        reader.join().unwrap()
    });
    assert!(seen.0 + seen.1 > 0, "the reader saw the file");
    let last = fs::read(dir.path().join("f.txt")).unwrap();
    assert!(last == a.as_bytes() || last == b.as_bytes());
}

fn out(path: &str, contents: &str) -> Output {
    Output { path: path.into(), contents: contents.into() }
}

#[test]
fn writes_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let outputs = [out("a/x.txt", "one\n"), out("b.txt", "two\n")];
    let first = apply(dir.path(), &outputs, Mode::Write, Durability::Regenerable).unwrap();
    assert!(first.iter().all(|r| matches!(r.status, FileStatus::Changed { created: true, .. })));
    assert_eq!(fs::read_to_string(dir.path().join("a/x.txt")).unwrap(), "one\n");
    let second = apply(dir.path(), &outputs, Mode::Write, Durability::Regenerable).unwrap();
    assert!(second.iter().all(|r| r.status == FileStatus::UpToDate));
}

#[test]
fn check_and_dry_run_write_nothing_and_show_a_diff() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("f.txt"), "old\n").unwrap();
    for mode in [Mode::Check, Mode::DryRun] {
        let r =
            apply(dir.path(), &[out("f.txt", "new\n"), out("g.txt", "x\n")], mode, Durability::Regenerable).unwrap();
        let FileStatus::Changed { created: false, diff } = &r[0].status else { panic!("{r:?}") };
        assert!(diff.contains("-old\n+new\n"), "{diff}");
        assert!(matches!(r[1].status, FileStatus::Changed { created: true, .. }));
        assert_eq!(fs::read_to_string(dir.path().join("f.txt")).unwrap(), "old\n");
        assert!(!dir.path().join("g.txt").exists());
    }
}

#[test]
fn a_write_that_fails_halfway_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.txt");
    fs::write(&path, "complete old contents\n").unwrap();
    let result = write_atomic_with(&path, b"new contents that never finish\n", |file, bytes| {
        file.write_all(&bytes[..5])?;
        Err(io::Error::other("disk full"))
    });
    assert!(result.is_err());
    assert_eq!(fs::read_to_string(&path).unwrap(), "complete old contents\n");
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["f.txt"], "the temporary file is removed");
}

/// Write `text` to a stream in pieces of `piece` bytes and finish it.
fn streamed(root: &Path, mode: Mode, text: &str, piece: usize) -> FileReport {
    let mut staging = Staging::new(root, mode, Durability::Regenerable);
    let mut stream = staging.stream("out/f.txt").unwrap();
    for chunk in text.as_bytes().chunks(piece) {
        io::Write::write_all(&mut stream, chunk).unwrap();
    }
    let report = staging.finish(stream).unwrap();
    staging.commit().unwrap();
    report
}

#[test]
fn a_streamed_output_is_compared_as_it_comes_and_written_only_when_it_differs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out/f.txt");
    let base: String = (0..5000).map(|i| format!("line {i}\n")).collect();
    let r = streamed(dir.path(), Mode::Write, &base, 1000);
    assert!(matches!(r.status, FileStatus::Changed { created: true, .. }));
    assert_eq!(fs::read_to_string(&path).unwrap(), base);
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    assert_eq!(streamed(dir.path(), Mode::Write, &base, 777).status, FileStatus::UpToDate);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before, "an unchanged file is not touched");
    let middle = base.replace("line 2500\n", "line 2500 changed\n");
    let shorter = &base[..base.len() - 10];
    let longer = format!("{base}one more\n");
    for text in [middle.as_str(), shorter, &longer, "", &base] {
        let r = streamed(dir.path(), Mode::Write, text, 4096);
        assert!(matches!(r.status, FileStatus::Changed { created: false, .. }), "{:?}", r.status);
        assert_eq!(fs::read_to_string(&path).unwrap(), text, "the bytes that matched are copied, the rest written");
    }
    let names: Vec<_> = fs::read_dir(dir.path().join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["f.txt"], "no temporary file left");
}

#[test]
fn a_streamed_output_in_check_mode_writes_nothing_and_shows_a_diff() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("out")).unwrap();
    fs::write(dir.path().join("out/f.txt"), "old\n").unwrap();
    let r = streamed(dir.path(), Mode::Check, "new\n", 2);
    let FileStatus::Changed { created: false, diff } = &r.status else { panic!("{r:?}") };
    assert!(diff.contains("-old\n+new\n"), "{diff}");
    assert_eq!(fs::read_to_string(dir.path().join("out/f.txt")).unwrap(), "old\n");
}

#[test]
fn a_stream_given_up_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let staging = Staging::new(dir.path(), Mode::Write, Durability::Regenerable);
    let mut stream = staging.stream("new/deeper/f.txt").unwrap();
    io::Write::write_all(&mut stream, b"half of it").unwrap();
    drop(stream);
    drop(staging);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "no file and no folder left");
}

#[test]
fn long_diffs_are_capped() {
    let old: String = (0..200).map(|i| format!("{i}\n")).collect();
    let new: String = (0..200).map(|i| format!("{}\n", i * 2)).collect();
    let diff = capped_diff("f", &old, &new);
    assert!(diff.lines().count() <= DIFF_LINES + 1);
    assert!(diff.contains("more diff lines"));
}
