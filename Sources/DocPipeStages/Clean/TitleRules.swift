/// Title cleaning: site names, separators, injected spam tails.
enum TitleRules {
    static let separators: Set<Unicode.Scalar> = ["-", "_", "|", "｜", "–", "—", "－", "·", "•", "»", ":"]

    private static let siteEndings = ["网站", "政府", "厅", "局", "委员会", "办公室", "中心", "门户", "网", "院", "部", "委"]
    private static let spamTerms = [
        "凯发", "赢家", "百家乐", "娱乐", "博彩", "赌", "棋牌", "真人", "老虎机", "官网登录", "登录入口", "首存", "优惠",
        "开户", "注册送", "下注", "投注", "澳门", "葡京", "威尼斯人", "金沙", "皇冠", "电子游戏", "捕鱼", "体育平台",
        "app下载", "APP下载", "天生", "彩金", "送彩", "返水", "bet", "casino", "Casino", "BET", "k8", "K8",
    ]
    private static let legitimateTerms = [
        "首页", "门户", "政府", "网站", "人民", "新闻", "信息公开", "政务", "办公", "委员会", "厅", "局", "部门",
    ]

    /// Splits an injected spam tail off a title: the head ends like a site name
    /// (网站, 政府, 厅, 局, 委员会, 办公室, 中心, …), a separator follows, and the tail has spam terms
    /// and no legitimate ones.
    static func splitSpam(_ title: String) -> (head: String, spam: String)? {
        let scalars = Array(title.unicodeScalars)
        for index in stride(from: scalars.count - 2, through: 1, by: -1) where separators.contains(scalars[index]) {
            let head = String(String.UnicodeScalarView(scalars[0..<index])).trimmingBlanks()
            let tail = String(String.UnicodeScalarView(scalars[(index + 1)...])).trimmingBlanks()
            guard !tail.isEmpty, siteEndings.contains(where: { head.hasSuffix($0) }) else { continue }
            guard spamTerms.contains(where: { tail.contains($0) }),
                !legitimateTerms.contains(where: { tail.contains($0) })
            else { continue }
            return (head, tail)
        }
        return nil
    }

    /// Splits a title on strong separators: `_`, `|`, `｜`, `»`, a run of two or more `-`, or any
    /// separator surrounded by spaces (` - `, ` — `). A single `-`/`—` between words stays (see
    /// ``weakSiteSplit(_:site:)``).
    static func segments(_ title: String) -> [String] {
        let scalars = Array(title.unicodeScalars)
        var parts: [String] = []
        var start = 0
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            var end = index + 1
            var isSplit = false
            if separators.contains(scalar) && scalar != ":" {
                while end < scalars.count && scalars[end] == scalar { end += 1 }
                let spaced = index > 0 && end < scalars.count && scalars[index - 1] == " " && scalars[end] == " "
                let strong = scalar == "|" || scalar == "｜" || scalar == "_" || scalar == "»"
                let dashRun = scalar == "-" && end - index >= 2
                isSplit = spaced || strong || dashRun
            }
            if isSplit {
                parts.append(String(String.UnicodeScalarView(scalars[start..<index])).trimmingBlanks())
                start = end
            }
            index = end
        }
        parts.append(String(String.UnicodeScalarView(scalars[start...])).trimmingBlanks())
        return parts.filter { !$0.isEmpty }
    }

    private static let weakSeparators: Set<Unicode.Scalar> = ["-", "—", "–", "－", "·", "•"]
    private static let nameEndings = ["网站", "政府", "厅", "局", "委员会", "办公室", "中心", "门户", "网"]

    /// Whether `piece` (one end of a title) names the site: it is (part of) the known site name, or a
    /// short name ending like one (网站, 政府, 厅, 局, 委员会, 办公室, 中心, 网).
    static func isSiteName(_ piece: String, site: String?) -> Bool {
        let count = piece.unicodeScalars.count
        guard count >= 2, count <= 40 else { return false }
        if let site, site.unicodeScalars.count >= 2 {
            if piece == site || piece.contains(site) || (count >= 4 && site.contains(piece)) { return true }
        }
        guard count <= 30, !piece.hasPrefix("关于"), !piece.contains(where: { "，。；！？,;!?“”《》".contains($0) }) else {
            return false
        }
        return nameEndings.contains { piece.hasSuffix($0) }
    }

    /// A title with a site name at one end behind a single `-`/`—` (`…的通告-某某厅网站`,
    /// `某某网-关于…`): the article part and the site name.
    static func weakSiteSplit(_ title: String, site: String?) -> (title: String, site: String)? {
        let scalars = Array(title.unicodeScalars)
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])).trimmingBlanks() }
        // The site name at the end: the shortest tail that names a site.
        for index in stride(from: scalars.count - 2, through: 1, by: -1) where weakSeparators.contains(scalars[index]) {
            let head = text(0..<index), tail = text((index + 1)..<scalars.count)
            if head.unicodeScalars.count >= 4, isSiteName(tail, site: site) { return (head, tail) }
        }
        for index in 1..<max(1, scalars.count - 1) where weakSeparators.contains(scalars[index]) {
            let head = text(0..<index), tail = text((index + 1)..<scalars.count)
            if tail.unicodeScalars.count >= 4, isSiteName(head, site: site) { return (tail, head) }
        }
        return nil
    }

    /// The article part of a `<title>`: without the site name (given, or a site-like name at
    /// either end, or guessed: the shorter end segment) and without spam.
    static func articlePart(of title: String, site: String?) -> (title: String, site: String?) {
        var parts = segments(title)
        guard parts.count > 1 else {
            if let split = weakSiteSplit(title, site: site) { return (split.title, split.site) }
            return (title, nil)
        }
        var found: String?
        while parts.count > 1, let last = parts.last, isSiteName(last, site: site) {
            if found == nil { found = last }
            parts.removeLast()
        }
        while parts.count > 1, let first = parts.first, isSiteName(first, site: site) {
            if found == nil { found = first }
            parts.removeFirst()
        }
        // Keep the longest segment; without a site-like end, the shorter last (or first) segment is the site.
        let longest = parts.max { $0.unicodeScalars.count < $1.unicodeScalars.count }!
        if let found { return (longest, found) }
        let guessedSite = parts.last == longest ? parts.first : parts.last
        return (longest, guessedSite)
    }
}
