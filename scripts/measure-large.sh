#!/usr/bin/env bash
# Builds two large handbooks with the release binary and reports wall-clock time and peak
# memory (/usr/bin/time -v): one page of 30 MB, and one section of 5,000 pages. The same
# handbooks are built by tests/large.rs, which checks the output but never the time.
#
#   scripts/measure-large.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/sotay"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A 30 MB page: headings, paragraphs with links, task lists, tables, code.
mkdir -p "$work/page/content"
printf 'title: "Trang lớn"\n' >"$work/page/sotay.yaml"
printf -- '---\ntitle: Trang chủ\n---\nx\n' >"$work/page/content/_index.md"
printf -- '---\ntitle: Khác\n---\nx\n' >"$work/page/content/khac.md"
awk 'BEGIN {
  print "---\ntitle: \"Trang rất lớn\"\n---\n"
  size = 0
  for (i = 0; size < 30 * 1024 * 1024; i++) {
    prev = i > 0 ? i - 1 : 0
    s = sprintf("## Mục %d: Tổ chức sinh hoạt chi bộ\n\nĐoạn %d: cấp ủy chuẩn bị nội dung, **đảng viên** phát biểu ý kiến; xem [mục trước](#muc-%d-to-chuc-sinh-hoat-chi-bo) và [trang khác](khac.md).\n\n- [x] Việc thứ nhất của mục %d\n- [ ] Việc thứ hai\n\n| Chỉ tiêu | Kết quả |\n|---|---|\n| Đảng viên | %d |\n\n```\nmã %d\n```\n\n", i, i, prev, i, i, i)
    printf "%s", s
    size += length(s)
  }
}' >"$work/page/content/lon.md"

# A section of 5,000 pages.
mkdir -p "$work/section/content/nhieu"
printf 'title: "Phần lớn"\n' >"$work/section/sotay.yaml"
printf -- '---\ntitle: Trang chủ\n---\nx\n' >"$work/section/content/_index.md"
printf -- '---\ntitle: Phần nhiều trang\n---\nx\n' >"$work/section/content/nhieu/_index.md"
for i in $(seq 0 4999); do
  printf -- '---\ntitle: "Trang số %d"\nweight: %d\n---\n\n## Mục %d\n\nXem [trang kế](trang-%04d.md).\n' \
    "$i" "$i" "$i" $(((i + 1) % 5000)) >"$work/section/content/nhieu/trang-$(printf %04d "$i").md"
done

for h in page section; do
  size=$(du -sh "$work/$h/content" | cut -f1)
  /usr/bin/time -v "$bin" build --root "$work/$h" 2>"$work/$h.time" >/dev/null || {
    cat "$work/$h.time" >&2
    exit 1
  }
  wall=$(grep 'Elapsed (wall clock)' "$work/$h.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$work/$h.time" | awk '{print $NF}')
  out=$(du -sh "$work/$h/public" | cut -f1)
  echo "$h: content $size → output $out, wall clock $wall, peak memory $((rss / 1024)) MB"
done
