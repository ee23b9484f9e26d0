//! `sitemap.xml`, written when the site's absolute address (`base_url`) is known.

use crate::resolve::urls::encode_path;
use crate::resolve::Site;

/// The sitemap of every page, in reading order.
pub fn sitemap(site: &Site, base_url: &str) -> Vec<u8> {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for &id in &site.reading_order {
        let n = &site.nodes[id];
        let loc =
            crate::parse::markdown::escape_attr(&format!("{base_url}{}", encode_path(&n.url)));
        s.push_str("  <url><loc>");
        s.push_str(&loc);
        s.push_str("</loc>");
        if let Some(d) = n.updated.or(n.date) {
            s.push_str(&format!("<lastmod>{}</lastmod>", d.iso()));
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    s.into_bytes()
}
