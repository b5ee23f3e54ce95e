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

    /// Splits a title on separators surrounded by spaces (` - `, ` | `), or on `_`/`|`/`｜`/`—`
    /// between CJK text.
    static func segments(_ title: String) -> [String] {
        let scalars = Array(title.unicodeScalars)
        var parts: [String] = []
        var start = 0
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            var isSplit = false
            if separators.contains(scalar) && scalar != ":" {
                let spaced = index > 0 && index + 1 < scalars.count && scalars[index - 1] == " " && scalars[index + 1] == " "
                let strong = scalar == "|" || scalar == "｜" || scalar == "_" || scalar == "»"
                let between = index > 0 && index + 1 < scalars.count
                    && (TextNormalizer.isHan(scalars[index - 1]) || TextNormalizer.isHan(scalars[index + 1]))
                isSplit = spaced || strong || (between && scalar != "·" && scalar != "-")
            }
            if isSplit {
                parts.append(String(String.UnicodeScalarView(scalars[start..<index])).trimmingBlanks())
                start = index + 1
            }
            index += 1
        }
        parts.append(String(String.UnicodeScalarView(scalars[start...])).trimmingBlanks())
        return parts.filter { !$0.isEmpty }
    }

    /// The article part of a `<title>`: without the site name (given or guessed: the shorter end
    /// segment) and without spam.
    static func articlePart(of title: String, site: String?) -> (title: String, site: String?) {
        let parts = segments(title)
        guard parts.count > 1 else { return (title, nil) }
        if let site, !site.isEmpty {
            let kept = parts.filter { $0 != site && !site.contains($0) && !$0.contains(site) }
            if !kept.isEmpty { return (kept.joined(separator: " - "), site) }
        }
        // Keep the longest segment; the shorter last (or first) segment is the site.
        let longest = parts.max { $0.unicodeScalars.count < $1.unicodeScalars.count }!
        let guessedSite = parts.last == longest ? parts.first : parts.last
        return (longest, guessedSite)
    }
}
