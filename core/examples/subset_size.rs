fn main() {
    let choice = selfeval_core::pdf::font::resolve(None).unwrap();
    let face = selfeval_core::pdf::font::load(&choice).unwrap();
    let text = "项目支出绩效自评表深入推进机关党建工作做好支部党员教育管理优化活动场所建设为干部提供形式多样的学习和交流机会推动局政治常态化制度积极抓好理论引导提升主性自觉认真书籍水平三会一课落实完成率达开展次展现良好象丰富生内容有效发挥组织作用满意度";
    for n in [1usize, 10, 50, 100, 150] {
        let chars: std::collections::BTreeSet<char> = text.chars().take(n).collect();
        let t = std::time::Instant::now();
        let p = face.subset(&chars).unwrap();
        println!(
            "{n} chars -> {} bytes raw in {:?}",
            p.original_bytes.len(),
            t.elapsed()
        );
        std::fs::write(format!("/tmp/sub{n}.otf"), &p.original_bytes).unwrap();
    }
}
