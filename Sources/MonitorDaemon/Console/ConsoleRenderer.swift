import HTTPTypes
import Hummingbird
import Mustache

/// Renders the console's pages from ``ConsoleTemplates``: parsed once per process, so a broken
/// template fails the first test that renders anything, not a duty officer's page at night.
enum ConsoleRenderer {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in ConsoleTemplates.all {
            do {
                try library.register(text, named: name)
            } catch {
                fatalError("console template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    /// `template` rendered over `page` as an HTML response.
    static func html(_ template: String, _ page: ConsoleModel.Page, status: HTTPResponse.Status = .ok) -> Response {
        let text = library.render(page, withTemplate: template) ?? ""
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
