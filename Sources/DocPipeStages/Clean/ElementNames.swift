#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
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
        var cache = TokenCache(filler: .neutral)
        return verdict(lowercased, tokenCache: &cache)
    }

    /// Per-page memo of token verdicts, keyed by the token's FNV-1a hash.
    typealias TokenCache = IntKeyTable<Verdict>

    /// The verdict on a name, with token verdicts memoized in `tokenCache` (ids such as
    /// `post-1234` make whole names unique, their tokens repeat).
    static func verdict(_ lowercased: [UInt8], tokenCache: inout TokenCache) -> (verdict: Verdict, known: Bool) {
        lowercased.withUnsafeBufferPointer { verdict($0, tokenCache: &tokenCache) }
    }

    private static func verdict(
        _ name: UnsafeBufferPointer<UInt8>, tokenCache: inout TokenCache
    ) -> (verdict: Verdict, known: Bool) {
        var hard = false
        var weakHard = false
        var anyPositive = false
        var last = Verdict.neutral
        var known = false
        var start = 0
        var index = 0
        // The previous token that took part in the known-container check (empty when none).
        var previousStart = 0
        var previousEnd = 0
        var previousHash: UInt64 = 0
        let count = name.count
        while index <= count {
            let byte: UInt8 = index < count ? name[index] : 32
            let isWord = (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
            if !isWord {
                if index > start {
                    let token = UnsafeBufferPointer(rebasing: name[start..<index])
                    var key = fnvBasis
                    var allDigits = true
                    for byte in token {
                        key = fnvStep(key, byte)
                        if byte > 57 { allDigits = false }
                    }
                    let tokenVerdict: Verdict
                    if allDigits {
                        tokenVerdict = .neutral
                    } else if let cached = tokenCache.value(for: key) {
                        tokenVerdict = cached
                    } else {
                        tokenVerdict = sharedVerdict(token, key: key)
                        tokenCache.set(tokenVerdict, for: key)
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
                    let relevant = !known && (tokenVerdict != .neutral || token.count <= 4)
                    if relevant && knownTokens.contains(hash: key, token) {
                        known = true
                    } else if previousEnd > previousStart {
                        var joined = previousHash
                        for byte in token { joined = fnvStep(joined, byte) }
                        let previous = UnsafeBufferPointer(rebasing: name[previousStart..<previousEnd])
                        if relevant && knownTokens.contains(hash: joined, previous, token) {
                            known = true
                        } else if hardPairs.contains(hash: joined, previous, token) {
                            hard = true
                        }
                    }
                    if relevant {
                        previousStart = start
                        previousEnd = index
                        previousHash = key
                    } else {
                        previousStart = 0
                        previousEnd = 0
                    }
                }
                start = index + 1
            }
            index += 1
        }
        if (hard || (weakHard && !anyPositive)) && !known { return (.hard, false) }
        return (last, known)
    }

    private static let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    private static func fnvStep(_ value: UInt64, _ byte: UInt8) -> UInt64 {
        (value ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    /// Token verdicts shared by all pages of the process (tokens repeat across sites: `post`,
    /// `content`, `col`, `row`, …); bounded, cleared when full.
    private static let shared = Mutex(TokenCache(filler: .neutral, capacity: 4096))

    private static func sharedVerdict(_ token: UnsafeBufferPointer<UInt8>, key: UInt64) -> Verdict {
        if let known = shared.withLock({ $0.value(for: key) }) { return known }
        let verdict = classify(Array(token))
        shared.withLock { cache in
            if cache.count >= 200_000 { cache = TokenCache(filler: .neutral, capacity: 4096) }
            cache.set(verdict, for: key)
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
        bytes.withUnsafeBufferPointer { buffer in
            var value = fnvBasis
            for byte in buffer { value = fnvStep(value, byte) }
            return Int(bitPattern: UInt(value))
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        let n = needle.count
        let h = haystack.count
        if n == 0 { return true }
        if n > h { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                guard let hayBase = hay.baseAddress, let pinBase = pin.baseAddress else { return false }
                // memchr finds each candidate first byte, memcmp checks the rest.
                let last = h - n
                var i = 0
                while i <= last {
                    guard let found = memchr(hayBase + i, Int32(pinBase[0]), last - i + 1) else { return false }
                    let position = hayBase.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if n == 1 || memcmp(hayBase + position + 1, pinBase + 1, n - 1) == 0 { return true }
                    i = position + 1
                }
                return false
            }
        }
    }

    private static func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }
    private static func byteSet(_ words: [String]) -> Set<[UInt8]> { Set(words.map { Array($0.utf8) }) }

    private static let commentary = Array("mmentar".utf8)
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
    /// Two adjacent tokens that name a box beside the article (`author-profile`, `about-author`);
    /// the first is a soft word, so it takes part in the pair check.
    private static let hardPairs = HashedWords([
        "authorbox", "authorbio", "authorprofile", "authordescription", "authorinfo", "authordetails", "authorcard",
        "aboutauthor",
    ])
    /// Known content containers: single tokens, or two adjacent tokens joined (`entry-content`).
    private static let knownTokens = HashedWords([
        "zoom", "trseditor", "articlebody", "articlecontent", "articletext", "storybody", "storycontent",
        "entrycontent", "postcontent", "postbody", "contentbody", "contentarticle", "articledetail", "newscontent",
        "detailcontent", "textcontent", "maintext", "richtext", "articletxt", "contxt", "pagescontent",
        "storytext", "bodytext", "articlecontents", "entrybody", "blogpost",
    ])
}

/// Words (known-container tokens, chrome pairs) found by FNV-1a hash and then compared byte for byte.
private struct HashedWords: Sendable {
    private let words: [[UInt8]]
    private let hashes: [UInt64]

    init(_ list: [String]) {
        words = list.map { Array($0.utf8) }
        hashes = words.map { word in
            var value: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in word { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return value
        }
    }

    /// Whether `token` (with FNV-1a hash `hash`) is a known token.
    func contains(hash: UInt64, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in hashes.indices where hashes[index] == hash {
            if words[index].elementsEqual(token) { return true }
        }
        return false
    }

    /// Whether `first` followed by `second` (with FNV-1a hash `hash` of both) is a known token.
    func contains(hash: UInt64, _ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in hashes.indices where hashes[index] == hash {
            let word = words[index]
            if word.count == first.count + second.count, word.prefix(first.count).elementsEqual(first),
                word.suffix(second.count).elementsEqual(second)
            {
                return true
            }
        }
        return false
    }
}
