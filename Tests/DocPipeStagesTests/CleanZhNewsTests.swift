import DocPipe
@testable import DocPipeStages
import Foundation
import Testing

/// The 15 Chinese news and government pages (no ground truth): the article stays, chrome goes.
@Suite("Clean: Chinese news pages")
struct CleanZhNewsTests {
    static let folder = TestPaths.shared.appendingPathComponent("data/zh-news-pages")
    static let pages = [
        "163_9.html", "cjddsb_1.html", "cmse_1.html", "gsc_1.html", "gzggw_1.html", "hexun_1.html", "other_1.html",
        "people_1.html", "qq_2.html", "shanxi_1.html", "sxmu_1.html", "thepaper_2.html", "xinhuanet_1.html",
        "zsnews_1.html", "zyyfy_1.html",
    ]

    static func clean(_ name: String) throws -> Document {
        // The pages are UTF-8 (some declare gb2312); read them as UTF-8.
        let text = try FileSystem.readText(folder.appendingPathComponent(name).path)
        var document = Document(uri: "file:///zh-news-pages/\(name)", text: text)
        document.source.mediaType = "text/html"
        return try CleanStage().clean(document)
    }

    @Test("no navigation or footer chrome survives", arguments: pages)
    func noChrome(name: String) throws {
        let document = try Self.clean(name)
        #expect(document.text.unicodeScalars.count >= 100)
        for chrome in ["当前位置", "版权所有", "ICP备", "网站地图", "联系我们", "上一篇", "下一篇", "打印本页", "关闭窗口", "返回顶部"] {
            #expect(!document.text.contains(chrome), "\(name): \(chrome)")
        }
    }

    @Test("government portal article: body, title and metadata")
    func shanxi() throws {
        let document = try Self.clean("shanxi_1.html")
        #expect(document.title == "山西品牌丝路行（南美站）正式启动")
        #expect(document.text.contains("巴西华人协会会长张伟表示"))
        #expect(document.metadata["site"]?.stringValue == "山西省人民政府门户网站")
        #expect(document.metadata["source"]?.stringValue == "山西日报")
        #expect(document.metadata["published"]?.stringValue == "2019-09-18T06:23:00")
    }

    @Test("a law text keeps all its articles")
    func lawText() throws {
        let document = try Self.clean("sxmu_1.html")
        #expect(document.text.contains("第一条"))
        #expect(document.text.contains("第六十九条本法自公布之日起施行"))
        #expect(document.text.split(separator: "\n").count > 100)
    }

    @Test("county statistics news keeps its figures")
    func statistics() throws {
        let document = try Self.clean("gzggw_1.html")
        #expect(document.text.contains("全县固定资产投资完成246.79亿元"))
        #expect(document.metadata["published"]?.stringValue == "2016-11-22T09:53:00")
    }
}
