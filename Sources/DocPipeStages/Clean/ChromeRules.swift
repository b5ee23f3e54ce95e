/// Line-level rules for web chrome that survives element removal (and for plain-text input):
/// widget lines, navigation lines, leaked script, footer markers, user patterns.
///
/// Only short lines are ever dropped for what they contain: a body sentence is never deleted for
/// a keyword.
struct ChromeRules: Sendable {
    /// Extra substrings that mark a line as boilerplate (the `boilerplate` option).
    var boilerplate: [String] = []
    /// Extra footer markers (the `footer_markers` option).
    var footerMarkers: [String] = []

    static let widgetMarkers: [String] = [
        "字号", "字体：", "字体:", "【字体", "打印本页", "打印此页", "【打印", "[打印", "关闭窗口", "关闭本页", "【关闭",
        "返回顶部", "回到顶部", "加入收藏", "设为首页", "分享到", "分享至", "扫一扫", "无障碍", "长者模式", "当前位置",
        "您的位置", "您现在的位置", "你的位置", "所在位置", "首页 >", "首页>", "首页 »", "首页»", "首页 ›", "首页→",
        "上一篇", "下一篇", "上一条", "下一条", "相关链接", "相关附件", "相关文章", "相关新闻", "相关阅读", "推荐阅读",
        "延伸阅读", "热点推荐", "阅读排行", "点击排行", "【纠错】", "手机看", "微信扫", "二维码", "视力保护色",
        "用手机浏览", "在手机打开", "责任编辑", "浏览次数", "访问次数", "点击数", "阅读数", "打印】", "关闭】",
    ]

    /// Prefixes of short "read also", share, credit and ad lines in several languages.
    static let englishMarkers: [String] = [
        "share this", "share on", "print this", "back to top", "skip to", "advertisement", "read more",
        "read also", "see also", "explore further", "related articles", "related posts", "related stories",
        "related:", "you may also like", "follow us", "follow the", "all rights reserved", "click here to",
        "previous post", "next post", "email this", "leave a comment", "leave a reply", "posted in", "filed under",
        "tags:", "continue reading", "sign up for", "subscribe to", "photo:", "image:", "credit:",
        "lesen sie auch", "lesen sie mehr", "mehr zum thema", "weitere beiträge", "weitere artikel", "das könnte",
        "auch interessant", "zurück zur", "zurück zum", "zum artikel", "foto:", "fotos:", "bild:", "quelle:",
        "anzeige", "werbung", "mehr erfahren", "jetzt lesen", "weiterlesen", "teilen", "quellen ausblenden",
        "lire aussi", "à lire aussi", "voir aussi", "publicité", "lea también", "lee también",
        "te puede interesar", "publicidad", "czytaj też", "czytaj także", "zobacz też", "reklama",
        "lea también", "lea más", "lea:", "vea también", "ver también", "schon gelesen", "related coverage",
        "kontakt:", "weitere informationen:", "subscribe now", "for the latest", "if you enjoyed",
        "this post contains", "advertising disclosure", "this article is the copyright", "written permission",
        "to view the full story", "kommentare schreiben", "kommentar schreiben", "permalink", "permalien",
        "download as pdf", "als pdf herunterladen", "all photos", "alle fotos", "more from", "mehr von",
        "le puede interesar", "puede interesarte", "lesen sie hier", "dowiedz się więcej", "audios et vidéos",
        "never miss", "weiterführende informationen", "weiterführende links", "quellenangaben:", "sie lesen gern",
    ]

    static let footerDefaults: [String] = [
        "网站地图", "联系我们", "版权所有", "主办单位", "承办单位", "技术支持", "网站标识码", "ICP备", "公网安备",
        "主办：", "承办：", "建议使用", "最佳浏览", "Copyright ©", "Copyright©", "© Copyright",
    ]

    private static let widgetBytes = widgetMarkers.map { Array($0.utf8) }
    private static let englishBytes = englishMarkers.map { Array($0.utf8) }
    private static let footerBytes = footerDefaults.map { Array($0.utf8) }
    private static let scriptBytes = ["$(", "function(", "function (", "();", "});", "document.", "window.", "var ", "=>", "{display"].map { Array($0.utf8) }

    /// Whether `line` is chrome (to drop).
    func isChrome(_ line: String) -> Bool {
        let count = line.scalarCount
        if count == 0 { return true }
        if !line.unicodeScalars.contains(where: { Self.isWordScalar($0) }) { return true }
        let bytes = Array(line.utf8)
        if count <= 40 {
            for marker in Self.widgetBytes where ElementNames.contains(bytes, marker) { return true }
        }
        if count <= 160 {
            let lower = bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            for marker in Self.englishBytes where lower.starts(with: marker) {
                // A one-word marker ("Anzeige", "Teilen") must be the whole line, give or take a symbol.
                let oneWord = !marker.contains(32) && !marker.contains(58)
                guard bytes.count <= marker.count + (oneWord ? 4 : 160) else { continue }
                return true
            }
        }
        if count <= 300 && looksLikeScript(line, bytes) { return true }
        for pattern in boilerplate where count <= 200 && line.contains(pattern) { return true }
        return false
    }

    /// Whether `line` is a footer line (everything from it on is cut when it sits late in the text).
    func isFooter(_ line: String) -> Bool {
        let count = line.utf8.count
        guard count <= 360 else { return false }
        let bytes = Array(line.utf8)
        for marker in Self.footerBytes where ElementNames.contains(bytes, marker) { return true }
        for marker in footerMarkers where line.contains(marker) { return true }
        return false
    }

    /// Index of the footer cut in `lines`: the first footer line in the last part of the text.
    func footerCut(_ lines: [String]) -> Int? {
        guard !lines.isEmpty else { return nil }
        for index in lines.indices where isFooter(lines[index]) {
            let remaining = lines.count - index
            if index >= lines.count / 2 || remaining <= 3 { return index }
        }
        return nil
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 {
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Leaked JavaScript or CSS: `$('#share-1').share();`, `function(){…}`, `var x = …;`.
    private func looksLikeScript(_ line: String, _ bytes: [UInt8]) -> Bool {
        if line.unicodeScalars.contains(where: { TextNormalizer.isHan($0) }) { return false }
        var hits = 0
        for signal in Self.scriptBytes where ElementNames.contains(bytes, signal) { hits += 1 }
        if hits >= 2 { return true }
        if hits == 1, let last = bytes.last, last == UInt8(ascii: ";") || last == UInt8(ascii: "}") { return true }
        return false
    }
}
