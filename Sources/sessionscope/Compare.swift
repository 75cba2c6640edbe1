import ArgumentParser
import SessionScopeCore
import SessionScopeScenario

/// `sessionscope compare FILE --store local,redis,jwt [--balancer ...]`.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one scenario under several stores and balancers; print each request's outcome side by side.")

    @Argument(help: "A scenario file or bundled walkthrough name.")
    var file: String
    @Option(help: "Comma-separated stores to compare, e.g. local,replicated,sqlite,redis,jwt.")
    var store: String?
    @Option(help: "Comma-separated balancers to compare, e.g. round-robin,sticky-cookie.")
    var balancer: String?
    @OptionGroup var stores: StoreLocationOptions

    func variants() throws -> [Comparison.Variant] {
        let stores = store?.split(separator: ",").map(String.init) ?? [nil].compactMap { $0 }
        let balancers = balancer?.split(separator: ",").map(String.init) ?? []
        guard !stores.isEmpty || !balancers.isEmpty else {
            throw ValidationError("give --store and/or --balancer with a comma-separated list")
        }
        var settings = ClusterSettings()
        for s in stores {
            do { try settings.set("store", s) } catch { throw ValidationError("--store: \(error.message)") }
        }
        for b in balancers {
            do { try settings.set("balancer", b) } catch { throw ValidationError("--balancer: \(error.message)") }
        }
        var result: [Comparison.Variant] = []
        for s in stores.isEmpty ? [nil] : stores.map(Optional.some) {
            for b in balancers.isEmpty ? [nil] : balancers.map(Optional.some) {
                var overrides: [(String, String)] = []
                if let s { overrides.append(("store", s)) }
                if let b { overrides.append(("balancer", b)) }
                result.append(
                    Comparison.Variant(name: [s, b].compactMap { $0 }.joined(separator: "/"), overrides: overrides))
            }
        }
        return result
    }

    func validate() throws { _ = try variants() }

    func run() throws {
        let scenario: Scenario
        do { scenario = try ScenarioFiles.load(file) } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let provider = stores.provider()
        defer { provider.shutdown() }
        let variants = try variants()
        do {
            let rows = try Comparison.run(scenario, variants: variants, storeFactory: provider.make)
            print(Comparison.table(rows, variants: variants), terminator: "")
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}
