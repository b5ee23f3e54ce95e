/// Turns chosen subtrees of a ``DOMSnapshot`` into lines of text: one line per block element,
/// whitespace collapsed as a browser would, `<br>` a line break, table cells of a row joined by a
/// tab (or tables dropped), list items one per line.
struct ContentRenderer {
    let dom: DOMSnapshot
    var keepTables = true

    /// Renders `roots` (in document order), skipping elements where `skip` is true.
    func render(_ roots: [Int32], skip: [Bool]) -> [String] {
        var lines: [String] = []
        var line: [UInt8] = []
        line.reserveCapacity(1024)
        var pendingSpace = false
        var pendingTab = false

        func flush() {
            if !line.isEmpty { lines.append(String(decoding: line, as: UTF8.self)) }
            line.removeAll(keepingCapacity: true)
            pendingSpace = false
            pendingTab = false
        }

        for root in roots {
            let element = dom.elements[Int(root)]
            var i = Int(element.open)
            let end = Int(element.close)
            while i <= end {
                let event = dom.events[i]
                switch event.kind {
                case .open:
                    let child = dom.elements[Int(event.index)]
                    if skip[Int(event.index)] || (!keepTables && child.tag == .table && Int(event.index) != Int(root)) {
                        i = Int(child.close) + 1
                        continue
                    }
                    if child.tag.isCell {
                        if !line.isEmpty { pendingTab = true }
                    } else if child.tag.isBlock {
                        flush()
                    }
                case .close:
                    let child = dom.elements[Int(event.index)]
                    if child.tag.isBlock && !child.tag.isCell { flush() }
                case .text:
                    let text = dom.texts[Int(event.index)]
                    let start = Int(text.start)
                    let stop = start + Int(text.length)
                    var j = start
                    while j < stop {
                        let byte = dom.arena[j]
                        if byte == 32 || byte == 10 || byte == 9 || byte == 13 || byte == 12 {
                            pendingSpace = true
                        } else {
                            if !line.isEmpty {
                                if pendingTab {
                                    line.append(9)
                                } else if pendingSpace {
                                    line.append(32)
                                }
                            }
                            pendingSpace = false
                            pendingTab = false
                            line.append(byte)
                        }
                        j += 1
                    }
                }
                i += 1
            }
            flush()
        }
        return lines
    }
}
