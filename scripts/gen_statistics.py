#!/usr/bin/env python3
"""Writes statistics at scale into DIR/statistics/: 1,000 units (a province, 9 districts,
90 communes, 900 cells) x 10 indicators of every kind x 5 periods, 40,950 records -- the
same data as benches/statistics.rs, as files, so that a whole build can be timed with and
without them (issue 7: statistics at scale add under 10 % to the build).

Usage: scripts/gen_statistics.py DIR
"""

import os
import sys

PERIODS = [2018, 2019, 2020, 2021, 2022]

INDICATORS = """reporting_date: 2022-12-31
indicators:
  - {id: t1, title: "Kết nạp", measure: người, kind: target}
  - {id: t2, title: "Chỉ tiêu hai", measure: người, kind: target}
  - {id: t3, title: "Chỉ tiêu ba", measure: lượt, kind: target}
  - {id: c1, title: "Dự sinh hoạt", measure: lượt, kind: count}
  - {id: c2, title: "Sàng lọc", measure: đảng viên, kind: count}
  - {id: s1, title: "Chuyên đề", measure: buổi, kind: share, target_percent: 80}
  - {id: s2, title: "Tỷ lệ hai", measure: đảng viên, kind: share}
  - {id: m1, title: "Tổng kết", kind: milestone}
  - {id: r1, title: "Bốn tốt", measure: chi bộ, kind: rating, target_percent: 70}
  - {id: r2, title: "Bốn tốt (tự đánh giá)", measure: chi bộ, kind: rating}
"""


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = os.path.join(sys.argv[1], "statistics")
    os.makedirs(os.path.join(out, "records"), exist_ok=True)
    units = ['units:', '  - {id: tinh, name: "Đảng bộ tỉnh", kind: tinh}']
    cells, communes = [], []
    for d in range(9):
        units.append(f'  - {{id: h{d}, name: "Đảng bộ huyện {d}", kind: huyen, parent: tinh}}')
        for x in range(10):
            xa = f"h{d}-x{x}"
            units.append(f'  - {{id: {xa}, name: "Đảng bộ xã {d}.{x}", kind: xa, parent: h{d}}}')
            for c in range(10):
                cb = f"{xa}-c{c}"
                units.append(f'  - {{id: {cb}, name: "Chi bộ {d}.{x}.{c}", kind: chi-bo, parent: {xa}}}')
                cells.append(cb)
            communes.append(xa)
    # One file of records per period, as a statistics office keeps them (records/2021.yaml…;
    # the reader parses the files in parallel).
    source = 'source: "Số liệu minh họa, sinh tự động để đo tốc độ (không phải số liệu thật)"'
    files = {p: [source, f"period: {p}", "records:"] for p in PERIODS}
    for i, cb in enumerate(cells):
        for k, p in enumerate(PERIODS):
            rec = files[p]
            v = (i * 7 + k * 3) % 40
            u = f"unit: {cb}"
            rec.append(f"  - {{indicator: t1, {u}, value: {v}, target: {20 + k}}}")
            rec.append(f"  - {{indicator: t2, {u}, value: {v // 2}, target: 15}}")
            rec.append(f"  - {{indicator: t3, {u}, value: {v + 1}, target: {i % 3}}}")
            rec.append(f"  - {{indicator: c1, {u}, value: {v * 3}}}")
            rec.append(f"  - {{indicator: c2, {u}, value: {v % 4}}}")
            rec.append(f"  - {{indicator: s1, {u}, part: {v % 13}, whole: 12}}")
            rec.append(f"  - {{indicator: s2, {u}, part: {v % 31}, whole: 30}}")

            def g(n):
                return "chưa tốt" if (i + k + n) % 5 == 0 else "tốt"

            rec.append(f"  - {{indicator: r1, {u}, rating: {{nhiem-vu: {g(0)}, sinh-hoat: {g(1)}, doan-ket: {g(2)}, dang-vien: {g(3)}}}}}")
            rec.append(f"  - {{indicator: r2, {u}, rating: {{nhiem-vu: {g(4)}, sinh-hoat: tốt, doan-ket: {g(2)}, dang-vien: tốt}}}}")
    for i, xa in enumerate(communes):
        for p in PERIODS:
            done = f", done: {p}-06-01" if i % 3 == 0 else ""
            files[p].append(f"  - {{indicator: m1, unit: {xa}, due: {p}-09-30{done}}}")
    with open(os.path.join(out, "units.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(units) + "\n")
    with open(os.path.join(out, "indicators.yaml"), "w", encoding="utf-8") as f:
        f.write(INDICATORS)
    for p, rec in files.items():
        with open(os.path.join(out, "records", f"{p}.yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(rec) + "\n")


if __name__ == "__main__":
    main()
