/// The rank of a heading: a smaller number is a higher level.
///
/// A section runs until the next heading whose level is the same or smaller. Markdown `#`
/// headings rank above everything; regulations' 编 > 章 > 节 > 条 rank above the numbering of
/// official documents 一、 > （一） > 1. > （1）, and Latin `1.2`-style numbers rank one step
/// below `1.` per extra component.
enum HeadingLevel {
    /// `#` … `######`: levels 1 … 6.
    static func markdown(_ hashes: Int) -> Int { hashes }
    /// 第X编 (part).
    static let part = 10
    /// 第X章 (chapter).
    static let chapter = 20
    /// 第X节 (section of a chapter).
    static let division = 30
    /// 第X条 (article).
    static let article = 40
    /// 一、
    static let chineseNumber = 50
    /// （一） or (一)
    static let parenthesizedChineseNumber = 60
    /// `1.`, `1．`, `1、` (components = 1), `1.2` (2), `1.2.3` (3) …
    static func arabic(components: Int) -> Int { 70 + min(max(components, 1), 9) - 1 }
    /// （1） or (1)
    static let parenthesizedArabic = 80
}
