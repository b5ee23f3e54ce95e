/// The HTML elements the extractor distinguishes; every other element is `.other` (inline).
enum HTMLTag: UInt8, Sendable {
    case other
    // document structure
    case html, head, body, title, meta, base, link
    // never descended: code, media, controls
    case script, style, noscript, template, svg, math, iframe, frame, frameset, object, embed, canvas
    case select, option, textarea, input, button, audio, video, map, dialog
    // chrome by element
    case nav, aside, footer, header, menu, form
    // containers
    case div, section, article, main, center
    // paragraph-like blocks
    case p, pre, blockquote, address, figure, figcaption, details, summary, fieldset, legend, hgroup
    case h1, h2, h3, h4, h5, h6
    // lists
    case ul, ol, li, dl, dt, dd, dir
    // tables
    case table, caption, thead, tbody, tfoot, tr, td, th
    // breaks
    case br, hr
    // inline elements with meaning
    case a, time, img, span, font, strong, b, em, i, sup, sub, code, small, label
    // ruby annotations (readings), never part of the running text
    case rt, rp

    /// Looks up a lowercase tag name.
    init(name: String) {
        self = HTMLTag.byName[name] ?? .other
    }

    private static let byName: [String: HTMLTag] = {
        let all: [HTMLTag] = [
            .html, .head, .body, .title, .meta, .base, .link, .script, .style, .noscript, .template, .svg, .math,
            .iframe, .frame, .frameset, .object, .embed, .canvas, .select, .option, .textarea, .input, .button,
            .audio, .video, .map, .dialog, .nav, .aside, .footer, .header, .menu, .form, .div, .section, .article,
            .main, .center, .p, .pre, .blockquote, .address, .figure, .figcaption, .details, .summary, .fieldset,
            .legend, .hgroup, .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li, .dl, .dt, .dd, .dir, .table, .caption,
            .thead, .tbody, .tfoot, .tr, .td, .th, .br, .hr, .a, .time, .img, .span, .font, .strong, .b, .em, .i,
            .sup, .sub, .code, .small, .label, .rt, .rp,
        ]
        var table: [String: HTMLTag] = [:]
        for tag in all { table["\(tag)"] = tag }
        return table
    }()

    /// Elements whose content is never text of the page (code, form controls with raw content).
    var isSkipped: Bool {
        switch self {
        case .script, .style, .noscript, .template, .svg, .math, .select, .option, .textarea, .input, .base, .link,
            .rt, .rp:
            true
        default: false
        }
    }

    /// Elements that start a new line of text.
    var isBlock: Bool {
        switch self {
        case .html, .body, .nav, .aside, .footer, .header, .menu, .form, .div, .section, .article, .main, .center,
            .p, .pre, .blockquote, .address, .figure, .figcaption, .details, .summary, .fieldset, .legend, .hgroup,
            .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li, .dl, .dt, .dd, .dir, .table, .caption, .thead, .tbody,
            .tfoot, .tr, .td, .th, .br, .hr, .title:
            true
        default: false
        }
    }

    /// Elements that end one scored block of text and start the next: block elements but `<br>`,
    /// which breaks a line inside a paragraph (lyrics, addresses, poems, old pages without `<p>`).
    var separatesBlocks: Bool { isBlock && self != .br }

    /// Elements that are page chrome by their nature.
    var isChrome: Bool {
        switch self {
        case .nav, .aside, .footer, .header, .menu, .figcaption: true
        // Media and controls are chrome, but kept as elements: an unclosed <button> or <iframe> makes
        // the parser nest the rest of the page inside it, and the share rule must be able to rescue it.
        case .iframe, .frame, .frameset, .object, .embed, .canvas, .button, .audio, .video, .map, .dialog: true
        default: false
        }
    }

    /// Elements that may hold the main content.
    var isContainer: Bool {
        switch self {
        case .div, .section, .article, .main, .center, .body, .td, .form, .blockquote, .font, .span: true
        default: false
        }
    }

    /// Paragraph-like blocks whose text counts for their parent.
    var isParagraph: Bool {
        switch self {
        case .p, .pre, .h1, .h2, .h3, .h4, .h5, .h6, .li, .dd, .dt, .address, .figcaption, .blockquote: true
        default: false
        }
    }

    var isHeading: Bool {
        switch self {
        case .h1, .h2, .h3, .h4, .h5, .h6: true
        default: false
        }
    }

    /// Table cells.
    var isCell: Bool { self == .td || self == .th }
}
