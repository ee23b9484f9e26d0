//! `sotay init DIR`: a new handbook that builds as it is.

use crate::cli::InitArgs;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "sotay.yaml",
        "# Cấu hình sổ tay — xem docs/configuration.md\ntitle: \"Sổ tay mới\"\ndescription: \"Hướng dẫn nghiệp vụ công tác tổ chức\"\nlanguage: vi\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: \"Sổ tay mới\"\n---\n\nChào mừng. Bắt đầu từ phần [Hướng dẫn](huong-dan/_index.md).\n",
    ),
    (
        "content/huong-dan/_index.md",
        "---\ntitle: \"Hướng dẫn\"\nweight: 1\n---\n\nCác trang hướng dẫn của sổ tay.\n",
    ),
    (
        "content/huong-dan/trang-dau-tien.md",
        "---\ntitle: \"Trang đầu tiên\"\ndescription: \"Một trang mẫu để sửa.\"\nweight: 1\n---\n\n## Bước 1: Viết nội dung\n\nSửa tệp `content/huong-dan/trang-dau-tien.md`, rồi chạy `sotay build`.\n\n> [!TIP]\n> Liên kết tới trang khác bằng đường dẫn tệp, ví dụ [trang chủ](../_index.md).\n",
    ),
];

pub fn run(args: &InitArgs) -> Result<(), Diagnostics> {
    let dir = &args.dir;
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !dir.is_dir() || !empty {
            return Err(Diagnostic::new(dir, "the folder exists and is not empty")
                .help("sotay init only creates a handbook in a new or empty folder")
                .into());
        }
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::new(parent, format!("cannot create the folder: {e}")))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| Diagnostic::new(&path, format!("cannot write: {e}")))?;
    }
    eprintln!(
        "sotay: created a handbook in {}; build it with `sotay build --root {}`",
        dir.display(),
        shell_path(dir)
    );
    Ok(())
}

fn shell_path(p: &Path) -> String {
    p.display().to_string()
}
