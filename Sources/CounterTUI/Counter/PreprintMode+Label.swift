import FormPreprint

extension PreprintMode {
    /// Japanese label shown on the form-choice screen.
    public var label: String {
        switch self {
        case .overlay: return "重ね印刷（印刷済み用紙）"
        case .full: return "全面印刷（白紙）"
        }
    }
}
