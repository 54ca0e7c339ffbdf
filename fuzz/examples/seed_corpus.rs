//! Writes the conformance cases as seed inputs: `seed_corpus <tests/cases> <out dir>` writes
//! `<out dir>/<target>/case-<name>` for every target a case can feed.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(cases), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: seed_corpus <cases dir> <out dir>");
        std::process::exit(2);
    };
    let seeds = commission_engine_fuzz::seeds::of_dir(std::path::Path::new(cases));
    for (target, name, bytes) in &seeds {
        let dir = std::path::Path::new(out).join(target);
        std::fs::create_dir_all(&dir).expect("the seed directory can be created");
        std::fs::write(dir.join(name), bytes).expect("the seed can be written");
    }
    println!("{} seeds written to {out}", seeds.len());
}
