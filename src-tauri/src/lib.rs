//! The desktop shell: a thin Tauri layer over `selfeval-core`.

mod auto_backup;
pub mod bindings;
mod commands;
mod db;
mod examples;
mod export_commands;
mod font_release;
mod overview;
pub mod paths;
mod settings;
pub mod startup;
mod store_commands;
mod templates;

use tauri::Manager;

/// When the process started (for the launch time report).
pub struct Started(pub std::time::Instant);

/// Bring the main window to the front (a second launch does this).
fn focus_main(app: &tauri::AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}

pub fn run() {
    let started = Started(std::time::Instant::now());
    if let Err(message) = startup::check_webview(default_db_path().as_deref()) {
        startup::fatal(&message);
    }
    let mut window_state = tauri_plugin_window_state::Builder::default();
    if let Some(dir) = paths::data_dir(None) {
        // A test data directory keeps the window state too.
        window_state = window_state.with_filename(dir.join("window-state.json").to_string_lossy());
    }
    let result = tauri::Builder::default()
        .manage(started)
        .manage(commands::EditorViews::default())
        .manage(export_commands::Exported::default())
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            focus_main(app)
        }))
        .plugin(window_state.build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let dir = paths::data_dir(app.path().app_local_data_dir().ok());
            let path = match dir {
                Some(d) if std::env::var_os(paths::DATA_DIR_ENV).is_some() => d.join("selfeval.db"),
                _ => selfeval_core::store::paths::default_db_path()
                    .or_else(|| dir.map(|d| d.join("selfeval.db")))
                    .unwrap_or_else(|| std::path::PathBuf::from("selfeval.db")),
            };
            // The user's templates: before any form is opened.
            let data = path
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default();
            app.manage(templates::UserTemplates::load(&data));
            let state: &'static auto_backup::BackupState = Box::leak(Box::default());
            app.manage(state);
            let opened = db::Db::open(path.clone());
            app.manage(opened);
            auto_backup::start(state, path);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::render_form,
            commands::apply_edit,
            commands::ui_ready,
            store_commands::list_forms,
            store_commands::open_form,
            store_commands::create_form,
            store_commands::duplicate_form,
            store_commands::save_form,
            store_commands::trash_form,
            store_commands::restore_form,
            store_commands::purge_form,
            store_commands::remove_examples,
            store_commands::finalise_form,
            store_commands::reopen_form,
            store_commands::list_revisions,
            store_commands::preview_revision,
            store_commands::restore_revision,
            store_commands::backup_to,
            store_commands::restore_backup,
            store_commands::get_settings,
            store_commands::set_settings,
            store_commands::database_path,
            store_commands::test_save_path,
            store_commands::test_open_path,
            export_commands::export_file_name,
            export_commands::export_form,
            export_commands::export_stored,
            export_commands::open_exported,
            export_commands::print_form,
            export_commands::import_xlsx,
            export_commands::test_export_dir,
            auto_backup::backup_status,
            auto_backup::list_backups,
            auto_backup::backup_folder,
            auto_backup::set_backup_folder,
            auto_backup::export_all,
            auto_backup::import_all,
            templates::list_templates,
            templates::convertible_templates,
            templates::convert_form,
            overview::year_overview,
            overview::list_rows,
            overview::summary_file_name,
            overview::export_summary,
            overview::print_selected,
        ])
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(e) = result {
        startup::fatal(&format!("绩效自评无法启动：{e}"));
    }
}

/// Where the database is when no test folder is set (for messages before
/// Tauri is up; the same rule as the setup below).
fn default_db_path() -> Option<std::path::PathBuf> {
    match paths::data_dir(None) {
        Some(d) => Some(d.join("selfeval.db")),
        None => selfeval_core::store::paths::default_db_path(),
    }
}
