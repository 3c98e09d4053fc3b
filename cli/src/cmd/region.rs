//! `kintsugi region`: shows the region whose help numbers Kintsugi shows, or changes it.

use crate::profile::Profile;
use kintsugi_engine::safety_data::regions;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `kintsugi region [CODE]`: shows the region for help numbers, or changes it.
pub fn run(
    dir: Option<PathBuf>,
    code: Option<String>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let mut profile = Profile::open(dir)?;
    let Some(code) = code else {
        match &profile.region {
            Some(code) => writeln!(out, "The region for help numbers is {code}.")?,
            None => writeln!(
                out,
                "No region is chosen yet; Kintsugi asks before the first conversation."
            )?,
        }
        writeln!(
            out,
            "\nRegions with checked help numbers (change with `{}`):",
            crate::store::command("region CODE")
        )?;
        for region in regions() {
            writeln!(out, "  {}  {}", region.code, region.name)?;
        }
        writeln!(
            out,
            "  none  somewhere else (Kintsugi then advises the local emergency number)"
        )?;
        return Ok(ExitCode::SUCCESS);
    };
    if code.eq_ignore_ascii_case("none") {
        profile.region = None;
        profile.save()?;
        writeln!(
            out,
            "No region: Kintsugi will advise calling your local emergency number."
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(region) = regions()
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(&code))
    else {
        anyhow::bail!(
            "there is no region \"{code}\"; `{}` lists them",
            crate::store::command("region")
        );
    };
    profile.region = Some(region.code.clone());
    profile.save()?;
    writeln!(out, "Help numbers will be those for {}.", region.name)?;
    Ok(ExitCode::SUCCESS)
}
