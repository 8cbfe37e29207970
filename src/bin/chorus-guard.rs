//! `chorus-guard`: check, write, embed and extract Factur-X files from a terminal.
//!
//! Exit codes: 0 clean, 1 a blocking diagnostic, 2 unreadable input or refused work.

use chorus_guard::{Diagnostic, Error, Lang, Profile, Severity};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "chorus-guard",
    version,
    about = "Chorus Pro / EN 16931 checks and Factur-X files"
)]
struct Cli {
    /// Language of messages (fr by default).
    #[arg(long, global = true, value_enum, default_value = "fr")]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Fr,
    En,
}

/// A Factur-X profile by the names every host accepts (`chorus_guard::PROFILES`).
fn profile_arg(name: &str) -> Result<Profile, String> {
    chorus_guard::profile(name).map_err(|e| e.message_fr)
}

#[derive(Subcommand)]
enum Command {
    /// Check a form JSON, invoice JSON, CII XML or Factur-X PDF (detected from content).
    Check {
        file: PathBuf,
        /// Print the diagnostics as JSON.
        #[arg(long)]
        json: bool,
        /// `fr-ctc`: judge a B2B invoice for the French reform's platforms (EN 16931
        /// and BR-FR rules) instead of a Chorus Pro one.
        #[arg(long, value_parser = profile_arg)]
        profile: Option<Profile>,
    },
    /// Write the Factur-X XML of an invoice or form JSON.
    Xml {
        file: PathBuf,
        #[arg(long, value_parser = profile_arg)]
        profile: Option<Profile>,
        /// Output file (stdout when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Embed the Factur-X XML of an invoice (JSON or XML) into a PDF.
    Pdf {
        file: PathBuf,
        /// The PDF to turn into a Factur-X PDF.
        #[arg(long = "pdf")]
        pdf: PathBuf,
        #[arg(long, value_parser = profile_arg)]
        profile: Option<Profile>,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Print the factur-x.xml embedded in a PDF.
    Extract {
        file: PathBuf,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Explain a Chorus Pro rejection text: the field and the steps to fix it.
    Explain {
        text: String,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang {
        LangArg::Fr => Lang::Fr,
        LangArg::En => Lang::En,
    };
    match run(cli.command, lang) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let prefix = if lang == Lang::Fr { "erreur" } else { "error" };
            eprintln!("chorus-guard: {prefix}: {}", e.message(lang));
            ExitCode::from(2)
        }
    }
}

fn run(command: Command, lang: Lang) -> Result<u8, Error> {
    match command {
        Command::Check {
            file,
            json,
            profile,
        } => check(&file, json, lang, profile),
        Command::Xml {
            file,
            profile,
            output,
        } => {
            let xml = xml_of(&read_file(&file)?, &file, profile)?;
            emit(output.as_deref(), xml.as_bytes())?;
            Ok(0)
        }
        Command::Pdf {
            file,
            pdf,
            profile,
            output,
        } => {
            let xml = xml_of(&read_file(&file)?, &file, profile)?;
            let out = chorus_guard::pdf(&read_file(&pdf)?, &xml)?;
            emit(Some(&output), &out)?;
            Ok(0)
        }
        Command::Extract { file, output } => {
            let xml = chorus_guard::extract(&read_file(&file)?)?;
            emit(output.as_deref(), xml.as_bytes())?;
            Ok(0)
        }
        Command::Explain { text, json } => {
            let e = chorus_guard::explain(&text);
            if json {
                println!("{}", to_json(&e)?);
            } else {
                let steps = if lang == Lang::Fr {
                    &e.steps_fr
                } else {
                    &e.steps_en
                };
                if let Some(field) = &e.field {
                    println!(
                        "{}: {field}",
                        if lang == Lang::Fr { "champ" } else { "field" }
                    );
                }
                for (i, step) in steps.iter().enumerate() {
                    println!("{}. {step}", i + 1);
                }
            }
            Ok(0)
        }
    }
}

/// A file as messages name it (what it holds is told from its first bytes, by `detect`).
fn name_of(path: &Path) -> String {
    path.display().to_string()
}

fn xml_of(bytes: &[u8], path: &Path, profile: Option<Profile>) -> Result<String, Error> {
    chorus_guard::xml_of_file(bytes, &name_of(path), profile)
}

fn check(path: &Path, json: bool, lang: Lang, profile: Option<Profile>) -> Result<u8, Error> {
    let input = chorus_guard::detect(&read_file(path)?, &name_of(path))?;
    let diagnostics = chorus_guard::check_as(&input, profile);
    if json {
        println!("{}", to_json(&diagnostics)?);
    } else {
        print_diagnostics(&diagnostics, lang);
    }
    Ok(if chorus_guard::blocks(&diagnostics) {
        1
    } else {
        0
    })
}

fn print_diagnostics(diagnostics: &[Diagnostic], lang: Lang) {
    if diagnostics.is_empty() {
        println!(
            "{}",
            if lang == Lang::Fr {
                "Aucun problème : la facture peut partir."
            } else {
                "No problem: the invoice can go."
            }
        );
        return;
    }
    for d in diagnostics {
        let severity = match (d.severity, lang) {
            (Severity::Block, Lang::Fr) => "BLOQUANT",
            (Severity::Warn, Lang::Fr) => "ATTENTION",
            (Severity::Info, Lang::Fr) => "INFO",
            (Severity::Block, Lang::En) => "BLOCK",
            (Severity::Warn, Lang::En) => "WARN",
            (Severity::Info, Lang::En) => "INFO",
        };
        let field = d
            .field
            .as_deref()
            .map(|f| format!(" [{f}]"))
            .unwrap_or_default();
        let message = if lang == Lang::Fr {
            &d.message_fr
        } else {
            &d.message_en
        };
        println!("{severity:<9} {}{field} {message}", d.rule);
        if let Some(fix) = &d.fix {
            let label = if lang == Lang::Fr {
                "correction"
            } else {
                "fix"
            };
            match fix {
                chorus_guard::Fix::Set { field, value } => {
                    println!("          {label}: {field} = {value}")
                }
                chorus_guard::Fix::PickPartner { choices, .. } => {
                    for c in choices {
                        let code = c
                            .service_code
                            .as_deref()
                            .map(|s| format!(" [{s}]"))
                            .unwrap_or_default();
                        println!("          {label}: « {} »{code}", c.display_name);
                    }
                }
                chorus_guard::Fix::Button { name } => println!("          {label}: {name}"),
            }
        }
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string_pretty(value).map_err(|e| {
        Error::new(
            "json",
            format!("sortie JSON impossible : {e}"),
            format!("cannot write JSON: {e}"),
        )
    })
}

fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    let io = |e: std::io::Error| {
        Error::new(
            "io",
            format!("impossible de lire {} : {e}", path.display()),
            format!("cannot read {}: {e}", path.display()),
        )
    };
    // Refused before it is read when no operation would take it (`limits.rs`).
    let len = std::fs::metadata(path).map_err(io)?.len();
    chorus_guard::limits::file_size(&name_of(path), usize::try_from(len).unwrap_or(usize::MAX))?;
    std::fs::read(path).map_err(io)
}

/// Writes to stdout, or to a file through a temporary sibling renamed into place,
/// so a failure never leaves a half-written file.
fn emit(output: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    let Some(path) = output else {
        let mut out = std::io::stdout().lock();
        return out.write_all(bytes).and_then(|_| out.flush()).map_err(|e| {
            Error::new(
                "io",
                format!("écriture impossible : {e}"),
                format!("cannot write: {e}"),
            )
        });
    };
    let io = |e: std::io::Error| {
        Error::new(
            "io",
            format!("impossible d'écrire {} : {e}", path.display()),
            format!("cannot write {}: {e}", path.display()),
        )
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written =
        std::fs::File::create(&tmp).and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()));
    if let Err(e) = written.and_then(|_| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}
