import Synchronization

/// What an element's `class` and `id` say about it.
///
/// Names are split into tokens on anything that is not a letter or digit. Hard chrome words
/// (comment, share, sidebar, related, …) mark an element as chrome whatever else the name says;
/// soft words (header, meta, byline, date, …) do so only when no content word (article, content,
/// post, …) comes after them, so `post-meta` is chrome and `header-content` is not.
struct ElementNames: Sendable {
    enum Verdict: UInt8 {
        case neutral, positive, soft, hard, weakHard
    }

    static func verdict(_ lowercased: [UInt8]) -> (verdict: Verdict, known: Bool) {
        var cache: [Int: Verdict] = [:]
        return verdict(lowercased, tokenCache: &cache)
    }

    /// The verdict on a name, with token verdicts memoized in `tokenCache` (ids such as
    /// `post-1234` make whole names unique, their tokens repeat).
    static func verdict(_ lowercased: [UInt8], tokenCache: inout [Int: Verdict]) -> (verdict: Verdict, known: Bool) {
        var hard = false
        var weakHard = false
        var anyPositive = false
        var last = Verdict.neutral
        var known = false
        var start = 0
        var index = 0
        var previous: [UInt8] = []
        let count = lowercased.count
        while index <= count {
            let byte: UInt8 = index < count ? lowercased[index] : 32
            let isWord = (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
            if !isWord {
                if index > start {
                    let slice = lowercased[start..<index]
                    let key = hash(slice)
                    let tokenVerdict: Verdict
                    if slice.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                        tokenVerdict = .neutral
                    } else if let cached = tokenCache[key] {
                        tokenVerdict = cached
                    } else {
                        tokenVerdict = sharedVerdict(slice, key: key)
                        tokenCache[key] = tokenVerdict
                    }
                    switch tokenVerdict {
                    case .hard: hard = true
                    case .weakHard: weakHard = true
                    case .soft: last = .soft
                    case .positive:
                        last = .positive
                        anyPositive = true
                    case .neutral: break
                    }
                    let token = Array(slice)
                    if knownTokens.contains(token) {
                        known = true
                    } else if !previous.isEmpty, knownTokens.contains(previous + token) {
                        known = true
                    } else if !previous.isEmpty, hardPairs.contains(previous + token) {
                        hard = true
                    }
                    previous = token
                }
                start = index + 1
            }
            index += 1
        }
        if (hard || (weakHard && !anyPositive)) && !known { return (.hard, false) }
        return (last, known)
    }

    /// Token verdicts shared by all pages of the process (tokens repeat across sites: `post`,
    /// `content`, `col`, `row`, …); bounded, cleared when full.
    private static let shared = Mutex<[Int: Verdict]>([:])

    private static func sharedVerdict(_ slice: ArraySlice<UInt8>, key: Int) -> Verdict {
        if let known = shared.withLock({ $0[key] }) { return known }
        let verdict = classify(Array(slice))
        shared.withLock { cache in
            if cache.count >= 200_000 { cache.removeAll(keepingCapacity: true) }
            cache[key] = verdict
        }
        return verdict
    }

    private static func classify(_ bytes: [UInt8]) -> Verdict {
        if bytes.count <= 2 {
            return exactHard.contains(bytes) ? .hard : (exactWeakHard.contains(bytes) ? .weakHard : .neutral)
        }
        if exactHard.contains(bytes) { return .hard }
        // "commentary" / "Kommentar" name opinion pieces, not comment sections.
        if contains(bytes, commentary) { return .neutral }
        for word in substringHard where contains(bytes, word) { return .hard }
        if exactWeakHard.contains(bytes) { return .weakHard }
        for word in substringWeakHard where contains(bytes, word) { return .weakHard }
        if exactSoft.contains(bytes) { return .soft }
        for word in substringSoft where contains(bytes, word) { return .soft }
        for word in substringPositive where contains(bytes, word) { return .positive }
        return .neutral
    }

    /// FNV-1a hash of bytes.
    @inline(__always)
    static func hash(_ bytes: ArraySlice<UInt8>) -> Int {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        return Int(bitPattern: UInt(value))
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        let n = needle.count
        let h = haystack.count
        if n == 0 { return true }
        if n > h { return false }
        let first = needle[0]
        var i = 0
        while i <= h - n {
            if haystack[i] == first {
                var j = 1
                while j < n && haystack[i + j] == needle[j] { j += 1 }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }

    private static func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }
    private static func byteSet(_ words: [String]) -> Set<[UInt8]> { Set(words.map { Array($0.utf8) }) }

    private static let commentary = Array("mmentar".utf8)
    /// Two adjacent tokens that name a box beside the article (`author-profile`, `about-author`).
    private static let hardPairs = byteSet([
        "authorbox", "authorbio", "authorprofile", "authordescription", "authorinfo", "authordetails", "authorcard",
        "aboutauthor",
    ])
    private static let exactHard = byteSet([
        "ad", "ads", "adv", "advert", "nav", "navi", "menu", "menus", "tags", "foot", "share", "shares", "sns",
        "fenxiang", "sitemap", "tagcloud", "jiathis", "bshare", "bdshare", "dqwz", "crumb", "crumbs", "sidenav",
        "subnav", "mainnav", "topnav", "sponsored", "side",
    ])
    private static let substringHard = bytes([
        "comment", "disqus", "related", "sharing", "share", "social", "sidebar", "cookie", "consent", "newsletter",
        "subscri", "dsgvo", "authorbox", "authorbio", "aboutauthor", "breadcrumb", "pagination", "pager", "advert", "sponsor", "promo", "outbrain", "taboola",
        "recommend", "footer", "navbar", "navigation", "toolbar", "copyright", "signup", "gdpr", "fontsize",
        "shoutbox", "masthead", "newsticker", "trending", "mostread", "readmore", "morelink", "skiplink", "reply",
        "replies", "respond", "caption", "bildunter", "credit",
    ])
    /// Chrome words that give way when the name also has a content word (`box article modal-enabled`).
    private static let exactWeakHard = byteSet([
        "tag", "login", "rss", "print", "prev", "next", "prevnext", "skip", "bread", "fx", "dy", "gg", "topbar",
        "extra", "promoted", "cta",
    ])
    private static let substringWeakHard = bytes([
        "popup", "modal", "popular", "offcanvas", "dropdown", "hamburger", "lightbox", "slideshow", "carousel",
        "gallery",
    ])
    private static let exactSoft = byteSet([
        "header", "head", "meta", "byline", "author", "authors", "date", "time", "dateline", "pubdate", "search",
        "location", "position", "info", "tool", "tools", "utility", "utilities", "aside",
        "source", "timestamp", "posted", "published", "updated", "kicker",
        "label", "labels", "categories", "category", "cat", "topics", "byline", "bio", "avatar", "rating",
        "vote", "votes", "like", "likes", "reactions", "actions", "icon", "icons", "logo", "brand",
        "overlay", "notice", "alert", "ticker", "nocontent", "widget", "widgets", "banner", "teaser", "teasers",
        "jump", "more", "about",
    ])
    private static let substringSoft = bytes([
        "header", "byline", "dateline", "metadata", "postmeta", "entrymeta", "timestamp",
    ])
    private static let substringPositive = bytes([
        "article", "content", "entry", "post", "story", "body", "main", "text", "zoom", "editor", "detail",
        "blog", "news", "prose", "markdown", "rich", "paragraph", "lead", "intro", "summary", "abstract",
        "description", "desc",
    ])
    /// Known content containers: single tokens, or two adjacent tokens joined (`entry-content`).
    private static let knownTokens = byteSet([
        "zoom", "trseditor", "articlebody", "articlecontent", "articletext", "storybody", "storycontent",
        "entrycontent", "postcontent", "postbody", "contentbody", "contentarticle", "articledetail", "newscontent",
        "detailcontent", "textcontent", "maintext", "richtext", "articletxt", "contxt", "pagescontent",
        "storytext", "bodytext", "articlecontents", "entrybody", "blogpost",
    ])
}
