import UIKit

/// Lists the finished movies waiting to be uploaded. "Upload All" starts the upload, which goes on if the user
/// leaves the app.
final class OutboxController: UITableViewController {
    override func viewDidLoad() {
        super.viewDidLoad()
        navigationItem.rightBarButtonItem = UIBarButtonItem(title: "Upload All", style: .prominent, target: self, action: #selector(uploadTapped))
    }

    @objc func uploadTapped() {
        Task {
            try? await UploadCoordinator.shared.uploadOutbox()
        }
    }
}
