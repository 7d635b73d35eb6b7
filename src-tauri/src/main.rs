fn main() {
    selfeval_app::run();
}
